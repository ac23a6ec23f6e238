import Essentials
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

    /// The slots of every bot in `table` by name, then id: the order every other one breaks ties with.
    static func nameOrder(of table: BotTable) -> [Int32] {
        var keyed: [(name: String, id: String, slot: Int32)] = []
        keyed.reserveCapacity(table.count)
        for slot in table.slots {
            guard let bot = table.bot(atSlot: slot) else { continue }
            keyed.append((table.sortNames[Int(slot)], bot.id, slot))
        }
        keyed.sort { ($0.name, $0.id) < ($1.name, $1.id) }
        return keyed.map(\.slot)
    }

    /// The slots of `nameOrder` (every bot by name) in this order. Ties in this order fall back to
    /// the name order, so comparing a number and a position is enough: sorting ten thousand bots
    /// by date no longer compares their names.
    func arrange(nameOrder: [Int32], table: BotTable, credentialCount: (String) -> Int) -> [Int32] {
        if self == .name { return nameOrder }
        var keyed: [(primary: Double, rank: Int32, slot: Int32)] = []
        keyed.reserveCapacity(nameOrder.count)
        for (rank, slot) in nameOrder.enumerated() {
            guard let bot = table.bot(atSlot: slot) else { continue }
            let primary: Double = switch self {
            case .name: 0
            case .created: -bot.createdAt.timeIntervalSinceReferenceDate
            case .state: bot.active ? 1 : 0
            case .credentials: -Double(credentialCount(bot.id))
            }
            keyed.append((primary, Int32(rank), slot))
        }
        keyed.sort { ($0.primary, $0.rank) < ($1.primary, $1.rank) }
        return keyed.map(\.slot)
    }

    /// `order` (already in this order) with the bots in `added` (slots not in it) put in their
    /// places: each place found by a binary search, then the list copied once, instead of shifting
    /// ten thousand slots for every bot of a page.
    func merge(_ added: [Int32], into order: [Int32], table: BotTable) -> [Int32] {
        let count = { (_: String) in 0 }
        let keyed = added.compactMap { slot in key(slot: slot, in: table, credentialCount: count).map { (slot, $0) } }
            .sorted { precedes($0.1, $1.1) }
        var result: [Int32] = []
        result.reserveCapacity(order.count + keyed.count)
        var from = 0
        for (slot, wanted) in keyed {
            var low = from
            var high = order.count
            while low < high {
                let middle = (low + high) / 2
                if let other = key(slot: order[middle], in: table, credentialCount: count), precedes(other, wanted) {
                    low = middle + 1
                } else {
                    high = middle
                }
            }
            result.append(contentsOf: order[from..<low])
            result.append(slot)
            from = low
        }
        result.append(contentsOf: order[from...])
        return result
    }

    private func key(slot: Int32, in table: BotTable, credentialCount: (String) -> Int) -> Key? {
        guard let bot = table.bot(atSlot: slot) else { return nil }
        return Key(bot, name: table.sortNames[Int(slot)], count: self == .credentials ? credentialCount(bot.id) : 0)
    }
}

/// Every bot's slot in one sort order, and the data it was computed from.
struct SortedBots: Sendable, Equatable {
    var sort: SortOrder
    var botsVersion: Int
    var credentialsVersion: Int
    var slots: [Int32]
}
