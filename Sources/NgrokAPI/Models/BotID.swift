/// One bot, two spellings. `/service_users` names a service user `service_<ksuid>` and
/// `/bot_users` names the same object `bot_<ksuid>` (ngrok's API reference,
/// `_service_users_list_response.mdx` and `_bot_users_list_response.mdx`); which spelling a
/// credential's `owner_id` uses is not documented. Every rule about that lives here: ids are parsed
/// once, at the edges (what the server answers, what the user types), and everything inside
/// compares bots by `key`.
public struct BotID: Hashable, Sendable, CustomStringConvertible {
    /// The 27 base-62 characters both spellings share.
    public let ksuid: String

    public static let prefixes = ["service_", "bot_"]

    /// Either spelling of a complete bot id; nil for anything else (a person's `usr_…`, a
    /// credential's id, a name, an id with a wrong length or character).
    public init?(_ text: some StringProtocol) {
        guard let prefix = Self.prefixes.first(where: { text.hasPrefix($0) }),
              let body = ObjectID.body(of: text, prefix: prefix) else { return nil }
        ksuid = body
    }

    /// The id as `resource` spells it; this is what goes in that resource's paths and what is shown.
    public func spelled(for resource: BotResource) -> String { resource.idPrefix + ksuid }

    /// The spelling-free identity, for dictionaries and comparisons.
    public var key: String { "bot:" + ksuid }

    public var description: String { spelled(for: .serviceUsers) }

    /// `id` as `resource` spells it when it names a bot; any other id (a person's) unchanged.
    public static func respell(_ id: String, for resource: BotResource?) -> String {
        guard let resource, let bot = BotID(id) else { return id }
        return bot.spelled(for: resource)
    }

    /// The identity `id` is compared by: one for both spellings of a bot, the id itself otherwise.
    public static func key(_ id: String) -> String { BotID(id)?.key ?? id }

    /// Whether two ids name the same owner, whichever way each spells a bot.
    public static func same(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return a == b || key(a) == key(b)
    }

    /// Which resource spells a bot id this way.
    public static func resource(spelling id: String) -> BotResource? {
        guard BotID(id) != nil else { return nil }
        return BotResource.allCases.first { id.hasPrefix($0.idPrefix) }
    }
}
