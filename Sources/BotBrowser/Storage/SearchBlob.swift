/// Searchable texts one after another, NUL between them (so no match spans two, and the NULs
/// before a match tell which text it is in), and which pairs of adjacent bytes occur in them, so
/// most texts that cannot hold a needle are passed over without being scanned.
struct SearchBlob: Sendable, Equatable {
    private(set) var bytes: [UInt8] = []
    private(set) var pairs = BytePairs()

    init() {}

    init(_ text: [UInt8]) { append(text) }

    mutating func append(_ text: [UInt8]) {
        bytes.growSparingly(by: text.count + 1)
        if !bytes.isEmpty { bytes.append(0) }
        // A NUL in a description would be taken for the end of its text.
        bytes.append(contentsOf: text.lazy.map { $0 == 0 ? 1 : $0 })
        pairs.insert(text)
    }

    /// Keeps the bytes in a buffer of exactly their size.
    mutating func fit() {
        if bytes.capacity > bytes.count { bytes = bytes.withUnsafeBufferPointer { Array($0) } }
    }

    func contains(_ needle: Needle) -> Bool {
        !bytes.isEmpty && pairs.mayContain(needle.pairs) && ByteSearch.contains(bytes, needle.bytes, anchor: needle.anchor)
    }

    /// Which text the byte at `offset` belongs to (asked only for the rows drawn).
    func textIndex(at offset: Int) -> Int? {
        offset < bytes.count ? bytes[..<offset].reduce(0) { $0 + ($1 == 0 ? 1 : 0) } : nil
    }
}

/// What the filter looks for: the folded text and its pairs of adjacent bytes, made once per keystroke.
struct Needle: Sendable, Equatable {
    let bytes: [UInt8]
    let pairs: BytePairs
    let anchor: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        pairs = BytePairs(bytes)
        anchor = ByteSearch.anchor(of: bytes)
    }

    var isEmpty: Bool { bytes.isEmpty }
}

/// Which pairs of adjacent bytes occur in a text, hashed into 512 bits. A needle with a pair the
/// text lacks cannot occur in it: on a large account most bots fail a keystroke's needle, and
/// this answers for most of them without scanning their credentials' descriptions.
struct BytePairs: Sendable, Equatable {
    private var bits = SIMD8<UInt64>()

    init() {}

    init(_ text: [UInt8]) { insert(text) }

    mutating func insert(_ text: [UInt8]) {
        guard text.count >= 2 else { return }
        withUnsafeMutableBytes(of: &bits) { raw in
            let words = raw.bindMemory(to: UInt64.self)
            text.withUnsafeBufferPointer { bytes in
                for index in 1..<bytes.count {
                    let hash = (Int(bytes[index - 1]) &* 263 &+ Int(bytes[index])) & 511
                    words[hash >> 6] |= 1 << UInt64(hash & 63)
                }
            }
        }
    }

    /// False when some pair of `needle` is missing here; true means "scan to be sure".
    func mayContain(_ needle: BytePairs) -> Bool {
        (bits & needle.bits) == needle.bits
    }
}
