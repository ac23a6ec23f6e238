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

    /// Whether `a` comes before `b`. Ties fall back to name then id, so the order is total and stable.
    func precedes(_ a: BotUser, _ b: BotUser, counts: (String) -> Int) -> Bool {
        switch self {
        case .name:
            break
        case .created:
            if a.createdAt != b.createdAt { return a.createdAt > b.createdAt }
        case .state:
            if a.active != b.active { return !a.active }
        case .credentials:
            let (ca, cb) = (counts(a.id), counts(b.id))
            if ca != cb { return ca > cb }
        }
        let (na, nb) = (a.name.lowercased(), b.name.lowercased())
        if na != nb { return na < nb }
        return a.id < b.id
    }
}
