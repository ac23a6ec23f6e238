/// Keeps every request of one client inside the API's budget: at most `limit` starts in any rolling
/// `window`, and at most `maxInFlight` at once. Shared by all concurrent callers, so a burst of bulk
/// actions queues here instead of earning 429s from the server.
public actor RateLimiter {
    public let limit: Int
    public let window: Duration
    public let maxInFlight: Int

    private let clock = ContinuousClock()
    private var starts: [ContinuousClock.Instant] = []
    private var inFlight = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public init(limit: Int = 120, window: Duration = .seconds(60), maxInFlight: Int = 4) {
        precondition(limit > 0 && maxInFlight > 0)
        self.limit = limit
        self.window = window
        self.maxInFlight = maxInFlight
    }

    /// Waits for a slot; every successful `acquire` must be paired with one `release`.
    /// Returns the instant the slot was counted from, the one the window is measured against.
    @discardableResult
    public func acquire() async throws -> ContinuousClock.Instant {
        while true {
            try Task.checkCancellation()
            let now = clock.now
            starts.removeAll { $0 + window <= now }
            if inFlight >= maxInFlight {
                await withCheckedContinuation { waiters.append($0) }
                continue
            }
            if starts.count >= limit, let oldest = starts.first {
                try await Task.sleep(until: oldest + window, clock: clock)
                continue
            }
            starts.append(now)
            inFlight += 1
            return now
        }
    }

    public func release() {
        inFlight -= 1
        if !waiters.isEmpty { waiters.removeFirst().resume() }
    }

    /// Runs `body` inside one slot.
    public func withSlot<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await acquire()
        do {
            let value = try await body()
            release()
            return value
        } catch {
            release()
            throw error
        }
    }
}
