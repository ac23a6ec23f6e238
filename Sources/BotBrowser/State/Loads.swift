import Essentials
import NgrokAPI

/// How the account's lists are loading: each list's progress, which load is current, and what
/// went wrong. Separate from what was loaded (`Account`), which outlives a failed refresh.
public struct Loads: Sendable, Equatable {
    public var progress: [LoadTarget: ListProgress] = [:]
    /// Bumped by every refresh, so pages of an older load are recognised and dropped.
    public var generation = 0
    /// Ids each list of the current load has delivered; at its end, anything else is gone.
    var seen: [LoadTarget: SeenIDs] = [:]
    public var lastError: String?
    /// The API refused the key (401/403): said once, and nothing more is asked with it.
    public var keyRefused: String?
    /// When the last complete load finished.
    public var loadedAt: Date?
    /// A load failed since the last complete one: what is shown may be out of date (dimmed, with its age).
    public var isStale = false
    /// Set while the bots on screen are the last run's (the warm cache), saved then.
    public var cachedAt: Date?
    /// How many bots the account had when last listed (from the warm cache), for "searching N of M".
    public var expectedBotCount: Int?
    /// How many times the API answered 429 in this run (the client stays inside the window, so
    /// this should stay 0; another program using the same account can spend it).
    public var throttleCount = 0
    /// When the current load last moved: started, or a page of it arrived.
    public var progressedAt: Date?
    /// Until when the API asked for no requests (its 429's wait): what a refresh waits for first.
    public var heldUntil: Date?
    /// Until when a confirmed change waits for the API's window before it is sent (another program
    /// may have used the window): drawn beside the pending change, so the wait is never silent.
    public var changeWaitsUntil: Date?
    /// Until when the lists wait for the API's window (`Action.readsWait`): said in the title.
    public var readsWaitUntil: Date?
    /// Live sessions whose endpoints were asked for (`Effect.loadSessionEndpoints`), answered or
    /// not: each is asked once, whatever the answer.
    public var endpointsAsked: Set<String> = []

    public init() {}

    public var isLoading: Bool { progress.values.contains { $0.isLoading } }

    /// Whether something on screen counts down a wait for the API (the loop then ticks each second).
    public func waitsForTheAPI(at now: Date) -> Bool {
        [heldUntil, changeWaitsUntil, readsWaitUntil].contains { ($0 ?? .distantPast) > now }
    }
    public var credentialsLoading: Bool { CredentialKind.allCases.contains { progress[.credentials($0)]?.isLoading == true } }
}
