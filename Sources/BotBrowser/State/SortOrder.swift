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
        let bot: BotUser
        let name: String
        let count: Int
    }

    func key(_ bot: BotUser, credentialCount: (String) -> Int) -> Key {
        Key(bot: bot, name: bot.name.lowercased(), count: self == .credentials ? credentialCount(bot.id) : 0)
    }

    /// Whether `a` comes before `b`. Ties fall back to name then id, so the order is total and stable.
    func precedes(_ a: Key, _ b: Key) -> Bool {
        switch self {
        case .name: break
        case .created: if a.bot.createdAt != b.bot.createdAt { return a.bot.createdAt > b.bot.createdAt }
        case .state: if a.bot.active != b.bot.active { return !a.bot.active }
        case .credentials: if a.count != b.count { return a.count > b.count }
        }
        if a.name != b.name { return a.name < b.name }
        return a.bot.id < b.bot.id
    }

    /// The ids of `bots` in this order.
    func arrange(_ bots: [BotUser], credentialCount: (String) -> Int) -> [String] {
        bots.map { key($0, credentialCount: credentialCount) }.sorted(by: precedes).map(\.bot.id)
    }

    /// Where `bot` goes in `ids` (already in this order): a page of bots is merged into the list
    /// instead of re-sorting ten thousand.
    func insertionIndex(of bot: BotUser, in ids: [String], bots: [String: BotUser], credentialCount: (String) -> Int) -> Int {
        let wanted = key(bot, credentialCount: credentialCount)
        var low = 0
        var high = ids.count
        while low < high {
            let middle = (low + high) / 2
            if let other = bots[ids[middle]], precedes(key(other, credentialCount: credentialCount), wanted) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }
}
