@testable import BotBrowser
import NgrokSimulator
import Testing

/// `RecordTable` against a plain dictionary from key to record number. The keys hash to few
/// values, so probes run through long clusters and the cells removals leave behind.
struct RecordTableModelTests {
    private static func hash(_ key: String) -> Int { key.utf8.reduce(0) { $0 &+ Int($1) } % 61 }

    @Test func findsWhatADictionaryHolds() {
        var random = seededGenerator()
        let universe = (0..<600).map { _ in random.id(prefix: "ak_") }
        var table = RecordTable()
        /// The owner's records: the key of each record number (records are never reused).
        var keyOf: [String] = []
        var model: [String: Int32] = [:]
        func find(_ key: String) -> Int32? { table.records(withHash: Self.hash(key)).first { keyOf[Int($0)] == key } }
        for step in 0..<20_000 {
            let key = universe[Int.random(in: 0..<universe.count, using: &random)]
            if let record = model[key], random.chance(0.45) {
                table.remove(record, hash: Self.hash(key))
                model[key] = nil
            } else if model[key] == nil {
                let record = Int32(keyOf.count)
                keyOf.append(key)
                table.insert(record, hash: Self.hash(key))
                model[key] = record
            }
            #expect(table.count == model.count)
            if step % 2_000 == 0 || step == 19_999 {
                for key in universe {
                    #expect(find(key) == model[key], "\(key) at step \(step)")
                    // Every record under a hash is one of that hash's, each once.
                    let found = Array(table.records(withHash: Self.hash(key)))
                    #expect(found.sorted() == model.filter { Self.hash($0.key) == Self.hash(key) }.values.sorted())
                }
            }
        }
    }
}
