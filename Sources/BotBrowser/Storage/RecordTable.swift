/// Record numbers found by the hash of their id, in open addressing over two arrays: a
/// `[String: Int32]` needs the id as a `String` key, an allocation per credential. Each cell keeps
/// its record's hash beside the number, so the table grows on its own, without asking its owner
/// what a record's id is; the owner tells which of the few records a hash finds is the one it wants.
struct RecordTable: Sendable, Equatable {
    private static let empty: Int32 = -1
    private static let deleted: Int32 = -2
    private var records: [Int32] = []
    /// Per cell, the low 32 bits of its record's hash: what growing needs, and a filter that spares
    /// the owner comparing ids for most records of other hashes.
    private var hashes: [UInt32] = []
    private(set) var count = 0
    /// Cells that are not empty (held or deleted): a probe runs until an empty one.
    private var used = 0

    /// The records held under `hash`, for the owner to pick the one whose id it has.
    func records(withHash hash: Int) -> Candidates {
        Candidates(records: records, hashes: hashes, hash: UInt32(truncatingIfNeeded: hash))
    }

    /// The records under one hash, in probe order, found as they are asked for.
    struct Candidates: Sequence, IteratorProtocol {
        fileprivate let records: [Int32]
        fileprivate let hashes: [UInt32]
        fileprivate let hash: UInt32
        private var at: Int?

        fileprivate init(records: [Int32], hashes: [UInt32], hash: UInt32) {
            (self.records, self.hashes, self.hash) = (records, hashes, hash)
            at = records.isEmpty ? nil : Int(hash) & (records.count - 1)
        }

        mutating func next() -> Int32? {
            while let cell = at {
                let record = records[cell]
                if record == RecordTable.empty {
                    at = nil
                    return nil
                }
                at = (cell + 1) & (records.count - 1)
                if record >= 0 && hashes[cell] == hash { return record }
            }
            return nil
        }
    }

    /// Adds `record` (not in the table yet) under `hash`.
    mutating func insert(_ record: Int32, hash: Int) {
        // At most half full, deleted cells included, so a probe ends soon.
        if (used + 1) * 2 > records.count { rebuild(capacity: (count + 1) * 2) }
        place(record, hash: UInt32(truncatingIfNeeded: hash))
        count += 1
    }

    /// Removes `record`, held under `hash`.
    mutating func remove(_ record: Int32, hash: Int) {
        guard !records.isEmpty else { return }
        let mask = records.count - 1
        var at = Int(UInt32(truncatingIfNeeded: hash)) & mask
        while records[at] != Self.empty {
            if records[at] == record {
                records[at] = Self.deleted
                count -= 1
                return
            }
            at = (at + 1) & mask
        }
    }

    private mutating func place(_ record: Int32, hash: UInt32) {
        let mask = records.count - 1
        var at = Int(hash) & mask
        while records[at] >= 0 { at = (at + 1) & mask }
        if records[at] == Self.empty { used += 1 }
        records[at] = record
        hashes[at] = hash
    }

    private mutating func rebuild(capacity: Int) {
        var size = 16
        while size < capacity { size <<= 1 }
        let held = zip(records, hashes).filter { $0.0 >= 0 }
        records = [Int32](repeating: Self.empty, count: size)
        hashes = [UInt32](repeating: 0, count: size)
        used = 0
        for (record, hash) in held { place(record, hash: hash) }
    }
}
