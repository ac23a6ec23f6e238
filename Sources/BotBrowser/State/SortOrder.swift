import Foundation
import NgrokAPI

/// The orders the list can take; `s` cycles through them.
public enum SortOrder: String, Sendable, CaseIterable {
    case name
    case created
    case state
    case credentials

    public var next: SortOrder {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }

    public var label: String {
        switch self {
        case .name: "name"
        case .created: "newest"
        case .state: "inactive first"
        case .credentials: "most credentials"
        }
    }

    /// What a bot is sorted by, computed once per bot rather than once per comparison.
    struct Key {
        let name: String
        let createdAt: Date
        let active: Bool
        let id: String
        let count: Int

        init(_ bot: BotUser, name: String, count: Int) {
            self.name = name
            createdAt = bot.createdAt
            active = bot.active
            id = bot.id
            self.count = count
        }
    }

    /// Whether `a` comes before `b`. Ties fall back to name then id, so the order is total and stable.
    func precedes(_ a: Key, _ b: Key) -> Bool {
        switch self {
        case .name: break
        case .created: if a.createdAt != b.createdAt { return a.createdAt > b.createdAt }
        case .state: if a.active != b.active { return !a.active }
        case .credentials: if a.count != b.count { return a.count > b.count }
        }
        if a.name != b.name { return a.name < b.name }
        return a.id < b.id
    }

    /// The ids of a few `bots` in this order (a dialog's list; the account's list is `arrange(_:credentialCount:)`).
    func arrange(_ bots: [BotUser], credentialCount: (String) -> Int) -> [String] {
        bots.map { Key($0, name: $0.name.lowercased(), count: credentialCount($0.id)) }.sorted(by: precedes).map(\.id)
    }

    /// The slots of every bot in `table`, in this order.
    func arrange(_ table: BotTable, credentialCount: (String) -> Int) -> [Int32] {
        var keyed: [(slot: Int32, key: Key)] = []
        keyed.reserveCapacity(table.count)
        for (id, _) in table.byID {
            guard let slot = table.slot(of: id), let key = key(slot: slot, in: table, credentialCount: credentialCount) else { continue }
            keyed.append((slot, key))
        }
        keyed.sort { precedes($0.key, $1.key) }
        return keyed.map(\.slot)
    }

    /// Where the bot in `slot` goes in `order` (already in this order): a page of bots is merged
    /// into the list instead of re-sorting ten thousand.
    func insertionIndex(of slot: Int32, in order: [Int32], table: BotTable, credentialCount: (String) -> Int) -> Int {
        guard let wanted = key(slot: slot, in: table, credentialCount: credentialCount) else { return order.count }
        var low = 0
        var high = order.count
        while low < high {
            let middle = (low + high) / 2
            if let other = key(slot: order[middle], in: table, credentialCount: credentialCount), precedes(other, wanted) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }

    private func key(slot: Int32, in table: BotTable, credentialCount: (String) -> Int) -> Key? {
        guard let bot = table.bot(atSlot: slot) else { return nil }
        return Key(bot, name: table.sortNames[Int(slot)], count: self == .credentials ? credentialCount(bot.id) : 0)
    }
}
