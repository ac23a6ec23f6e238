/// The API has two names for bot users: `/bot_users` (older, being deprecated) and `/service_users`.
public enum BotResource: String, Sendable, CaseIterable, Equatable {
    case serviceUsers = "service-users"
    case botUsers = "bot-users"

    public var path: String {
        switch self {
        case .serviceUsers: "/service_users"
        case .botUsers: "/bot_users"
        }
    }

    public var listKey: String {
        switch self {
        case .serviceUsers: "service_users"
        case .botUsers: "bot_users"
        }
    }

    /// How this resource spells a bot's id (`BotID`).
    public var idPrefix: String {
        switch self {
        case .serviceUsers: "service_"
        case .botUsers: "bot_"
        }
    }

    /// What the user sees, e.g. in the top bar.
    public var displayName: String {
        switch self {
        case .serviceUsers: "service users"
        case .botUsers: "bot users"
        }
    }
}

/// How the client picks the resource: fixed, or detected by trying `/service_users` first.
public enum BotResourceChoice: String, Sendable, CaseIterable {
    case auto
    case serviceUsers = "service-users"
    case botUsers = "bot-users"
}
