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

    /// The ids of `bots` in this order. Ties fall back to name then id, so the order is total and
    /// stable. Sort keys are computed once per bot, not once per comparison.
    func arrange(_ bots: [BotUser], credentialCount: (String) -> Int) -> [String] {
        struct Row {
            let bot: BotUser
            let name: String
            let count: Int
        }
        let rows = bots.map { Row(bot: $0, name: $0.name.lowercased(), count: self == .credentials ? credentialCount($0.id) : 0) }
        return rows.sorted { a, b in
            switch self {
            case .name: break
            case .created: if a.bot.createdAt != b.bot.createdAt { return a.bot.createdAt > b.bot.createdAt }
            case .state: if a.bot.active != b.bot.active { return !a.bot.active }
            case .credentials: if a.count != b.count { return a.count > b.count }
            }
            if a.name != b.name { return a.name < b.name }
            return a.bot.id < b.bot.id
        }.map(\.bot.id)
    }
}
