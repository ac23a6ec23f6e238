extension String {
    /// Every occurrence of `target` replaced, compared byte for byte: Foundation's
    /// replacingOccurrences(of:with:), which FoundationEssentials lacks. Not the standard library's
    /// `replacing(_:with:)`, which compares characters and so misses a match that ends inside a
    /// grapheme (a key followed by a combining mark must still be redacted).
    public func replacingEvery(_ target: String, with replacement: String) -> String {
        let needle = Array(target.utf8)
        guard !needle.isEmpty else { return self }
        let haystack = Array(utf8)
        var result: [UInt8] = []
        result.reserveCapacity(haystack.count)
        var index = 0
        while index < haystack.count {
            if haystack[index] == needle[0], haystack.count - index >= needle.count,
               haystack[index..<(index + needle.count)].elementsEqual(needle) {
                result += replacement.utf8
                index += needle.count
            } else {
                result.append(haystack[index])
                index += 1
            }
        }
        // Whole scalars in, whole scalars out: UTF-8 matches only start on a scalar's first byte.
        return String(decoding: result, as: UTF8.self)
    }
}
