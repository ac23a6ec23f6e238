/// Record numbers found by the hash of their id, in open addressing over one array of `Int32`: a
/// `[String: Int32]` needs the id as a `String` key, an allocation per credential. What the id of
/// a record is, the owner of the table says (`hashOf`, `isRecord`).
struct RecordTable: Sendable, Equatable {
    private static let empty: Int32 = -1
    private static let deleted: Int32 = -2
    private var cells: [Int32] = []
    private(set) var count = 0
    private var used = 0

    /// `table`, moved out of where it is kept (left empty there), so that it can grow while its
    /// `hashOf` reads that owner's records: changing it in place would overlap that access.
    static func take(_ table: inout RecordTable) -> RecordTable {
        defer { table = RecordTable() }
        return table
    }

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
