import Essentials
import NgrokAPI

/// What one run leaves for the next: the bot list (ids, names, states, creation times; nothing
/// secret, no credentials) and when the requests it sent stop counting in the API's window.
public struct CachedAccount: Codable, Sendable, Equatable {
    public var savedAt: Date
    public var bots: [BotUser]
    public var recentRequests: [Date]

    public init(savedAt: Date, bots: [BotUser], recentRequests: [Date] = []) {
        self.savedAt = savedAt
        self.bots = bots
        self.recentRequests = recentRequests
    }

    enum CodingKeys: String, CodingKey {
        case savedAt = "saved_at"
        case bots
        case recentRequests = "recent_requests"
    }
}
