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

/// Record numbers found by the hash of their id, in open addressing over one array of `Int32`: a
/// `[String: Int32]` needs the id as a `String` key, an allocation per credential. What the id of
/// a record is, the owner of the table says (`hashOf`, `isRecord`).
struct RecordTable: Sendable, Equatable {
    private static let empty: Int32 = -1
    private static let deleted: Int32 = -2
    private var cells: [Int32] = []
    private(set) var count = 0
    private var used = 0

    /// The record whose id hashes to `hash` and for which `isRecord` is true.
    func find(hash: Int, isRecord: (Int32) -> Bool) -> Int32? {
        guard !cells.isEmpty else { return nil }
        let mask = cells.count - 1
        var at = hash & mask
        while true {
            let cell = cells[at]
            if cell == Self.empty { return nil }
            if cell >= 0 && isRecord(cell) { return cell }
            at = (at + 1) & mask
        }
    }

    /// Adds `record` (not in the table yet) under `hash`; `hashOf` gives every held record's hash
    /// when the table grows.
    mutating func insert(_ record: Int32, hash: Int, hashOf: (Int32) -> Int) {
        // At most half full, deleted cells included, so a probe ends soon.
        if (used + 1) * 2 > cells.count { rebuild(capacity: (count + 1) * 2, hashOf: hashOf) }
        let mask = cells.count - 1
        var at = hash & mask
        while cells[at] >= 0 { at = (at + 1) & mask }
        if cells[at] == Self.empty { used += 1 }
        cells[at] = record
        count += 1
    }

    mutating func remove(hash: Int, isRecord: (Int32) -> Bool) {
        guard !cells.isEmpty else { return }
        let mask = cells.count - 1
        var at = hash & mask
        while cells[at] != Self.empty {
            if cells[at] >= 0 && isRecord(cells[at]) {
                cells[at] = Self.deleted
                count -= 1
                return
            }
            at = (at + 1) & mask
        }
    }

    private mutating func rebuild(capacity: Int, hashOf: (Int32) -> Int) {
        var size = 16
        while size < capacity { size <<= 1 }
        let held = cells.filter { $0 >= 0 }
        cells = [Int32](repeating: Self.empty, count: size)
        used = 0
        count = 0
        let mask = size - 1
        for record in held {
            var at = hashOf(record) & mask
            while cells[at] >= 0 { at = (at + 1) & mask }
            cells[at] = record
            used += 1
            count += 1
        }
    }
}
