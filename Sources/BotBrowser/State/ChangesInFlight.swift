/// Changes the user confirmed that the server has not answered yet, and what waits on them.
public struct ChangesInFlight: Sendable, Equatable {
    /// Bots with a request in flight, and what it is (shown on their row).
    public var pending: [String: String] = [:]
    /// Live sessions to stop once the server has confirmed the deactivate or delete of their bot
    /// (by bot id): stopped before, an agent could reconnect while its credentials still work.
    public var stopsAfterContainment: [String: [SessionRef]] = [:]
    /// A deactivate or activate of several bots, as it goes.
    public var bulk: BulkProgress?

    public init() {}
}

/// A bulk activate or deactivate in progress: how far, and what failed, per bot.
public struct BulkProgress: Sendable, Equatable {
    public var active: Bool
    public var total: Int
    public var done = 0
    public var failures: [String] = []

    public var finished: Bool { done >= total }
}
