/// The time source of the rate limiter, injectable so tests can move time by hand instead of sleeping.
public protocol LimiterClock: Sendable {
    var now: ContinuousClock.Instant { get }
    func sleep(until deadline: ContinuousClock.Instant) async throws
}

/// The real one: the monotonic clock, unaffected by changes to the wall clock.
public struct SystemLimiterClock: LimiterClock {
    public init() {}
    public var now: ContinuousClock.Instant { ContinuousClock.now }
    public func sleep(until deadline: ContinuousClock.Instant) async throws {
        try await Task.sleep(until: deadline, clock: ContinuousClock())
    }
}
