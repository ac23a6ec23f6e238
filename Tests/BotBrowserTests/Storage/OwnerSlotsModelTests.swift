@testable import BotBrowser
import Foundation
import NgrokAPI
import NgrokSimulator
import Testing

/// `OwnerSlots` against a plain array of owners in the order first seen, through owners named by
/// credentials (in either spelling of a bot's id, or a person's id) and by the bot list (whose
/// spelling wins): every owner's number, in either spelling, and how each is named.
struct OwnerSlotsModelTests {
    @Test func answersAsAPlainListOfOwnersDoes() {
        var random = seededGenerator()
        let universe = (0..<60).map { _ in random.id(prefix: "bot_") } + (0..<5).map { _ in random.id(prefix: "usr_") } + [""]
        var slots = OwnerSlots()
        var model: [String] = []
        func number(_ id: String) -> Int? { model.firstIndex { BotID.key($0) == BotID.key(id) } }
        for step in 0..<3_000 {
            let owner = universe.randomElement(using: &random)!
            let id = BotID(owner) == nil ? owner : BotID.respell(owner, for: random.chance(0.5) ? .serviceUsers : .botUsers)
            let respellings = slots.respellings
            if random.chance(0.7) {
                if number(id) == nil { model.append(id) }
                #expect(Int(slots.slot(for: id)) == number(id))
                #expect(slots.respellings == respellings, "a credential's owner does not rename it")
            } else {
                if number(id) == nil { model.append(id) }
                let renamed = model[number(id)!] != id
                model[number(id)!] = id
                #expect(Int(slots.slot(forBot: id)) == number(id))
                #expect((slots.respellings != respellings) == renamed, "step \(step)")
            }
            #expect(slots.ids == model)
        }
        for owner in universe {
            for id in [owner, BotID(owner) == nil ? owner : BotID.respell(owner, for: .serviceUsers)] {
                #expect(slots.existingSlot(of: id).map(Int.init) == number(id))
            }
        }
    }
}
