@testable import BotBrowser
import Foundation
import NgrokAPI
import NgrokSimulator
import Testing

/// `BotTable` against a plain dictionary from slot to bot, through upserts (in either spelling of
/// a bot's id, often renamed), removals and clearing: lookups by slot, counts, the sort names and
/// the name-or-id search.
struct BotTableModelTests {
    /// What the table gives back of a bot: all of it but the derivable URI.
    private static func kept(_ bot: BotUser) -> BotUser {
        BotUser(id: bot.id, name: bot.name, active: bot.active, createdAt: bot.createdAt)
    }

    private static func respelled(_ id: String, _ random: inout SeededGenerator) -> String {
        BotID.respell(id, for: random.chance(0.5) ? .botUsers : .serviceUsers)
    }

    @Test func answersAsADictionaryOfBotsBySlotDoes() {
        var random = seededGenerator()
        // Bot number n is in slot n, as the account numbers them.
        let universe = (0..<300).map { _ in random.id(prefix: "bot_") }
        var table = BotTable()
        var model: [Int32: BotUser] = [:]
        for step in 0..<12_000 {
            let slot = Int32.random(in: 0..<Int32(universe.count), using: &random)
            let id = Self.respelled(universe[Int(slot)], &random)
            switch Int.random(in: 0..<100, using: &random) {
            case 0..<70:
                let name = random.text(length: Int.random(in: 0...40, using: &random))
                let bot = BotUser(id: id, uri: "https://api.ngrok.com/bot_users/\(id)", name: random.chance(0.5) ? model[slot]?.name ?? name : name,
                                  active: random.chance(0.7), createdAt: Fixtures.now - Double(Int.random(in: 0..<3, using: &random)))
                let version = table.version
                let (changed, previous) = table.upsert(bot, slot: slot)
                #expect(previous == model[slot])
                #expect(changed == (model[slot] != Self.kept(bot)))
                #expect((table.version != version) == changed)
                model[slot] = Self.kept(bot)
            case 70..<99:
                #expect(table.remove(slot: slot) == model[slot])
                model[slot] = nil
            default:
                table.removeAll()
                model = [:]
            }
            #expect(table.count == model.count && table.isEmpty == model.isEmpty)
            #expect(table.activeCount == model.values.filter(\.active).count)
            // A few bots each step, so that a search laid out wrong is seen before the bot changes again.
            let some = (0..<3).map { _ in Int32.random(in: 0..<Int32(universe.count), using: &random) }
            Self.compare(table, model, universe, slots: some, needles: Self.needles(5, universe, &random), &random)
            if step % 1_000 == 0 || step == 11_999 {
                #expect(table.all == model.keys.sorted().map { model[$0]! })
                #expect(Set(table.ids) == Set(model.values.map(\.id)))
                Self.compare(table, model, universe, slots: universe.indices.map { Int32($0) }, needles: Self.needles(20, universe, &random), &random)
            }
        }
    }

    /// Short texts from the few letters names are made of (so many match), and parts of ids.
    private static func needles(_ count: Int, _ universe: [String], _ random: inout SeededGenerator) -> [String] {
        (0..<count).map { _ in
            random.chance(0.8) ? random.text(length: Int.random(in: 1...3, using: &random)).lowercased()
                : String(universe.randomElement(using: &random)!.dropFirst(Int.random(in: 0...20, using: &random)).prefix(6)).lowercased()
        }
    }

    private static func compare(_ table: BotTable, _ model: [Int32: BotUser], _ universe: [String], slots: [Int32], needles: [String],
                                _ random: inout SeededGenerator) {
        for slot in slots {
            let number = Int(slot)
            let bot = model[slot]
            #expect(table.bot(atSlot: slot) == bot)
            #expect(table.holdsBot(atSlot: slot) == (bot != nil))
            // A slot is asked about once it has held a bot (the sort orders list those).
            guard table.slots.contains(slot) else {
                #expect(bot == nil)
                continue
            }
            if let bot { #expect(table.sortNames[number] == bot.name.lowercased()) }
            for needle in needles {
                let expected = bot.map { plainlyContains($0.name, needle) || plainlyContains($0.id, needle) } ?? false
                #expect(table.nameOrIDMatches(slot: slot, needle: Needle(Array(needle.utf8))) == expected, "\(needle) in \(bot?.name ?? "none")")
            }
        }
    }
}
