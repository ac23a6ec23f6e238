/// Texts kept as bytes one after another, a few per entry, each entry found by where it starts.
/// Fifty thousand credential ids and descriptions as `String`s were an allocation each: 80 bytes
/// of heap for a 30-byte id. Each text is its length plus one (0 for an absent text) as an
/// unsigned LEB128 number, then its UTF-8 bytes. The bytes are in 64 KiB chunks, so growing never
/// copies what is held; an entry never spans two (a longer one has a chunk of its own).
struct TextArena: Sendable, Equatable {
    private static let chunkSize = 1 << 16
    private var chunks: [[UInt8]] = []

    /// Appends one entry of `texts` and returns where it starts: its chunk, then its offset in it.
    mutating func append(_ texts: [String?]) -> UInt32 {
        let size = texts.reduce(0) { $0 + 5 + ($1?.utf8.count ?? 0) }
        if chunks.isEmpty || chunks[chunks.count - 1].count + size > Self.chunkSize {
            var chunk: [UInt8] = []
            chunk.reserveCapacity(Swift.max(size, Self.chunkSize))
            chunks.append(chunk)
        }
        let last = chunks.count - 1
        let start = UInt32(last) << 16 | UInt32(chunks[last].count)
        for text in texts {
            guard var text else {
                chunks[last].append(0)
                continue
            }
            var length = text.utf8.count + 1
            repeat {
                chunks[last].append(UInt8(length & 0x7F) | (length > 0x7F ? 0x80 : 0))
                length >>= 7
            } while length > 0
            text.withUTF8 { chunks[last].append(contentsOf: $0) }
        }
        return start
    }

    /// The `count` texts of the entry at `offset`.
    func texts(at offset: UInt32, count: Int) -> [String?] {
        let bytes = chunks[Int(offset >> 16)]
        var at = Int(offset & 0xFFFF)
        return (0..<count).map { _ in Self.nextText(in: bytes, &at).map { String(decoding: bytes[$0], as: UTF8.self) } }
    }

    /// Whether text `n` (from 0) of the entry at `offset` is exactly `utf8` (an absent text is empty).
    func text(_ n: Int = 0, at offset: UInt32, equals utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        let bytes = chunks[Int(offset >> 16)]
        let range = Self.range(ofText: n, in: bytes, from: Int(offset & 0xFFFF))
        return range.count == utf8.count && bytes[range].elementsEqual(utf8)
    }

    /// Text `n` of the entry at `offset`, hashed as `hash(of:)` hashes bytes.
    func hashOfText(_ n: Int = 0, at offset: UInt32) -> Int {
        let bytes = chunks[Int(offset >> 16)]
        let range = Self.range(ofText: n, in: bytes, from: Int(offset & 0xFFFF))
        return bytes.withUnsafeBufferPointer { Self.hash(of: UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// Calls `body` with the bytes of text `n` of the entry at `offset`.
    func withText<Result>(_ n: Int, at offset: UInt32, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let bytes = chunks[Int(offset >> 16)]
        let range = Self.range(ofText: n, in: bytes, from: Int(offset & 0xFFFF))
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    private static func range(ofText n: Int, in bytes: [UInt8], from start: Int) -> Range<Int> {
        var at = start
        for _ in 0..<n { _ = nextText(in: bytes, &at) }
        return nextText(in: bytes, &at) ?? at..<at
    }

    static func hash(of utf8: UnsafeBufferPointer<UInt8>) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(utf8))
        return hasher.finalize()
    }

    /// The byte range of the text at `at`, moving `at` past it; nil for an absent text.
    private static func nextText(in bytes: [UInt8], _ at: inout Int) -> Range<Int>? {
        var length = 0
        var shift = 0
        while true {
            let byte = bytes[at]
            at += 1
            length |= Int(byte & 0x7F) << shift
            shift += 7
            if byte & 0x80 == 0 { break }
        }
        guard length > 0 else { return nil }
        defer { at += length - 1 }
        return at..<(at + length - 1)
    }
}
