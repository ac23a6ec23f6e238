#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
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
        Array(text.lowercased().utf8)
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        firstOffset(of: needle, in: haystack) != nil
    }

    /// Where the needle first starts in the haystack.
    static func firstOffset(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        if needle.isEmpty { return 0 }
        if haystack.count < needle.count { return nil }
        return haystack.withUnsafeBytes { h in
            needle.withUnsafeBytes { n in find(n, in: h) }
        }
    }

    /// `memchr` (vectorised in the C library) jumps to each occurrence of the needle's first byte;
    /// `memcmp` checks the rest there.
    private static func find(_ needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer) -> Int? {
        guard let base = haystack.baseAddress, let wanted = needle.baseAddress else { return nil }
        let first = Int32(needle[0])
        let lastStart = haystack.count - needle.count
        var offset = 0
        while offset <= lastStart {
            guard let hit = memchr(base + offset, first, lastStart - offset + 1) else { return nil }
            let at = base.distance(to: UnsafeRawPointer(hit))
            if needle.count == 1 || memcmp(base + at + 1, wanted + 1, needle.count - 1) == 0 { return at }
            offset = at + 1
        }
        return nil
    }

    static func hasPrefix(_ haystack: [UInt8], _ prefix: [UInt8]) -> Bool {
        haystack.count >= prefix.count && haystack.starts(with: prefix)
    }
}
