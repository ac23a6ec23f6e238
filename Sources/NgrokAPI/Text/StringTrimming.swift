// Foundation's trimmingCharacters(in:) is not in FoundationEssentials; these trim the same sets.
extension StringProtocol {
    /// Without leading and trailing whitespace or line breaks: Foundation's `.whitespacesAndNewlines`,
    /// which is Unicode's White_Space property.
    public var trimmed: String {
        trimming { $0.properties.isWhitespace }
    }

    /// Without leading and trailing spaces (of any width) and tabs, keeping line breaks:
    /// Foundation's `.whitespaces`.
    public var trimmedOfSpaces: String {
        trimming { $0.properties.isWhitespace && !isLineBreak($0) }
    }

    /// By scalars, not characters, as Foundation does: a space before a combining mark still goes.
    private func trimming(_ drops: (Unicode.Scalar) -> Bool) -> String {
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, drops(first) { scalars.removeFirst() }
        while let last = scalars.last, drops(last) { scalars.removeLast() }
        return String(scalars)
    }
}

private func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
    (0x0A...0x0D).contains(scalar.value) || scalar.value == 0x85 || scalar.value == 0x2028 || scalar.value == 0x2029
}
