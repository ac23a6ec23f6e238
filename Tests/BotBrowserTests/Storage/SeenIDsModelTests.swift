@testable import BotBrowser
import NgrokSimulator
import Testing

/// `SeenIDs` (hashes, not ids) against a plain set of the ids.
struct SeenIDsModelTests {
    @Test func answersAsASetOfTheIdsDoes() {
        var random = seededGenerator()
        let universe = (0..<3_000).map { _ in random.id(prefix: "cr_") }
        var seen = SeenIDs()
        var model = Set<String>()
        for _ in 0..<2_000 {
            if random.chance(0.8) {
                let id = universe[Int.random(in: 0..<universe.count, using: &random)]
                seen.insert(id)
                model.insert(id)
            } else {
                let ids = (0..<Int.random(in: 0...20, using: &random)).map { _ in universe[Int.random(in: 0..<universe.count, using: &random)] }
                seen.formUnion(ids)
                model.formUnion(ids)
            }
            #expect(seen.count == model.count)
        }
        for id in universe { #expect(seen.contains(id) == model.contains(id), "\(id)") }
    }
}
