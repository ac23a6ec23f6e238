import Essentials
import NgrokAPI

/// What the simulator serves and how badly it behaves.
public struct SimulatorOptions: Sendable {
    public var port: Int = 0
    public var apiKey: String = "demo-key"
    /// Whether the key clients present (`GET /self`'s `api_key`) is owned by a bot (the oldest API
    /// key an active bot owns) rather than by a person: for the self-lockout guards' tests.
    public var selfKeyOwnedByBot = false
    /// What `GET /self` names the account.
    public var accountName = "demo@example.com"
    public var seed: UInt64 = 42
    public var bots: Int = 60
    public var credentialsPerBot: Int = 3
    /// Credentials owned by human users (`usr_…`), which must never appear under a bot.
    public var humanCredentials: Int = 12
    /// When false, `/service_users` answers 404, as on an API that only knows `/bot_users`.
    public var serviceUsersEnabled = true
    /// How a credential's `owner_id` spells a bot: `bot_…` or `service_…` (`BotID`). ngrok's reference
    /// shows `/service_users` answering `service_X` and `/bot_users` `bot_X` for one object, but no
    /// credential of a service user; `bot_` is the spelling the id was minted with before the rename.
    public var ownerSpelling: BotResource = .botUsers
    /// When true, `filter=` is ignored and every object listed, as a proxy that drops the query might.
    public var ignoresFilters = false
    /// When false, every `filter` is refused with 400, to exercise the client's fallback.
    public var filtersEnabled = true
    /// Live agent sessions on some authtokens (and SSH keys), bots' and people's alike.
    public var tunnelSessions = true
    public var faults = FaultPlan()
    /// Seeded objects are dated back from here. The default, the start of today (UTC), keeps ids and
    /// names identical on every run while ages still look recent.
    public var referenceDate = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)

    public init() {}
}

/// Injected misbehaviour, each counted over all requests the simulator receives.
public struct FaultPlan: Sendable {
    public var latencyMs: Int = 0
    public var jitterMs: Int = 0
    /// Every Nth request answers 429.
    public var rateLimitEvery: Int = 0
    /// Whether those 429s carry `Retry-After`.
    public var retryAfterSeconds: Int? = 1
    /// A real rolling window: more than this many requests in `rateLimitWindowMs` answer 429.
    public var rateLimitPerWindow: Int = 0
    public var rateLimitWindowMs: Int = 60_000
    /// Every Nth request answers `serverErrorStatus`.
    public var serverErrorEvery: Int = 0
    public var serverErrorStatus: Int = 500
    /// Every Nth request has its connection dropped without an answer.
    public var dropEvery: Int = 0
    /// Whether a dropped request was carried out before its answer was lost (the case that makes
    /// a retried DELETE see 404) or never reached the store.
    public var dropAfterProcessing = false
    /// Pagination faults: `next_page_uri` on another origin, or always naming the same page.
    public var foreignNextPageOrigin: String?
    public var repeatNextPage = false
    /// Stop injecting the "every Nth" faults after this many (nil: never stop).
    public var maxFaults: Int?
    /// Only requests with these methods are subject to the "every Nth" faults; empty means all.
    public var faultMethods: Set<String> = []

    public init() {}
}
