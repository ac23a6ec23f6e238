import Essentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Case-insensitive substring search on pre-folded UTF-8 bytes. A filter keystroke on a large
/// account compares tens of thousands of names and descriptions: `memmem` over bytes folded once
/// is many times faster than `String.contains`, which re-walks Unicode on every call.
enum ByteSearch {
    /// The form every haystack and needle is compared in: lower-cased, UTF-8.
    static func folded(_ text: String) -> [UInt8] {
        folded([text])
    }

    /// Several texts folded one after another, a newline apart (so no match spans two). ASCII, by
    /// far the usual, is folded byte by byte: 60,000 credentials arrive at load, and lower-casing
    /// through `String` cost three allocations each.
    static func folded(_ texts: [String]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(texts.reduce(texts.count) { $0 + $1.utf8.count })
        for (index, var text) in texts.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: "\n")) }
            let start = bytes.count
            text.withUTF8 { bytes.append(contentsOf: $0) }
            var ascii = true
            bytes.withUnsafeMutableBufferPointer { buffer in
                for at in start..<buffer.count {
                    let byte = buffer[at]
                    if byte >= 0x80 { ascii = false }
                    if byte >= 65 && byte <= 90 { buffer[at] = byte + 32 }
                }
            }
            if !ascii {
                bytes.removeSubrange(start...)
                bytes.append(contentsOf: text.lowercased().utf8)
            }
        }
        return bytes
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8], anchor: Int? = nil) -> Bool {
        firstOffset(of: needle, in: haystack, anchor: anchor) != nil
    }

    static func contains(_ haystack: UnsafeRawBufferPointer, _ needle: [UInt8], anchor: Int) -> Bool {
        haystack.count >= needle.count && needle.withUnsafeBytes { find($0, in: haystack, anchor: anchor) } != nil
    }

    /// Where the needle first starts in the haystack.
    static func firstOffset(of needle: [UInt8], in haystack: [UInt8], anchor: Int? = nil) -> Int? {
        if needle.isEmpty { return 0 }
        if haystack.count < needle.count { return nil }
        let anchor = anchor ?? Self.anchor(of: needle)
        return haystack.withUnsafeBytes { h in
            needle.withUnsafeBytes { n in find(n, in: h, anchor: anchor) }
        }
    }

    /// Calls `body` with every offset where `needle` starts in `haystack`, in order.
    static func forEachOffset(of needle: [UInt8], in haystack: [UInt8], _ body: (Int) -> Void) {
        guard !needle.isEmpty, haystack.count >= needle.count else { return }
        let anchor = anchor(of: needle)
        haystack.withUnsafeBytes { h in
            needle.withUnsafeBytes { n in
                var start = 0
                while start <= h.count - n.count, let at = find(n, in: UnsafeRawBufferPointer(rebasing: h[start...]), anchor: anchor) {
                    body(start + at)
                    start += at + 1
                }
            }
        }
    }

    /// The needle's position whose byte is likely rarest in ids, names and descriptions: jumping
    /// between occurrences of a rare byte stops far less often than jumping between `0`s or `e`s.
    static func anchor(of needle: [UInt8]) -> Int {
        needle.indices.min { commonness[Int(needle[$0])] < commonness[Int(needle[$1])] } ?? 0
    }

    /// How often a byte occurs in English text and in ids (high for `0`, `e`, `_`, space); a rough
    /// ranking is all the anchor needs.
    private static let commonness: [UInt8] = {
        var table = [UInt8](repeating: 10, count: 256)
        for (characters, score) in [("0", 100), ("e ", 95), ("1", 90), ("taoin", 80), ("srl_", 70), ("23456789", 60),
                                    ("hdc-", 50), ("umfpgwy./", 30), ("bv", 20), ("k", 15), ("xjqz", 5)] {
            for byte in characters.utf8 { table[Int(byte)] = UInt8(score) }
        }
        return table
    }()

    /// `memchr` (vectorised in the C library) jumps to each occurrence of the anchor byte; `memcmp`
    /// checks the whole needle around it.
    private static func find(_ needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer, anchor: Int) -> Int? {
        guard let base = haystack.baseAddress, let wanted = needle.baseAddress else { return nil }
        let byte = Int32(needle[anchor])
        let lastStart = haystack.count - needle.count
        var start = 0
        while start <= lastStart {
            guard let hit = memchr(base + start + anchor, byte, lastStart - start + 1) else { return nil }
            let at = base.distance(to: UnsafeRawPointer(hit)) - anchor
            if memcmp(base + at, wanted, needle.count) == 0 { return at }
            start = at + 1
        }
        return nil
    }

    static func hasPrefix(_ haystack: [UInt8], _ prefix: [UInt8]) -> Bool {
        haystack.count >= prefix.count && haystack.starts(with: prefix)
    }
}
