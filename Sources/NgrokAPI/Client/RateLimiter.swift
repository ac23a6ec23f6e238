/// Keeps every request of one client inside the API's budget (`RateBudget`): at most `limit` in any
/// window as the server counts them, and at most `maxInFlight` at once. Shared by all concurrent
/// callers, so a burst queues here instead of earning 429s from the server.
///
/// Waiters are served by priority, first come first served within one. A slot is handed to a waiter
/// by the limiter itself (counted before the waiter resumes), so a wakeup cannot be lost: a waiter
/// whose task is cancelled is taken out of the queue and the slot goes to the next one.
public actor RateLimiter {
    public nonisolated let limit: Int
    public nonisolated let window: Duration
    public nonisolated let maxInFlight: Int
    public nonisolated let reserve: Int

    private let clock: any LimiterClock
    private var budget: RateBudget
    /// The requests of earlier runs the limiter started with, still in `budget` until they expire.
    private let seeded: [ContinuousClock.Instant]
    private var queue: [Waiter] = []
    private var nextWaiterID: UInt64 = 0
    /// The earliest instant a timer will call `pump`, so one is not started per waiter.
    private var wakeAt: ContinuousClock.Instant?

    private struct Waiter {
        var id: UInt64
        var priority: RequestPriority
        var continuation: CheckedContinuation<Void, any Error>
        var toldItWaits = false
    }

    /// Told once per change that has to wait for the window, with how long: a person confirmed
    /// it and is looking at the screen.
    private let onChangeWaits: (@Sendable (Duration) -> Void)?
    /// Told when reads start waiting for the window, with how long: a load that stands still
    /// says why (another program, or an earlier run, used the window).
    private let onReadsWait: (@Sendable (Duration) -> Void)?

    /// - Parameters:
    ///   - reserve: starts per window only `.interactive` requests may use (default: a twelfth).
    ///   - margin: added to the window after each answer, for a server that rounds its window.
    ///   - recent: when requests sent before this limiter existed (by an earlier run) stop counting.
    ///   - keepsRoomForThePerson: false for a program with nothing to serve while it loads (a
    ///     runbook command): no reserves and no slot kept, every request may use the whole window.
    public init(limit: Int = 120, window: Duration = .seconds(60), maxInFlight: Int = 4, reserve: Int? = nil,
                margin: Duration = .seconds(1), recent: [ContinuousClock.Instant] = [], clock: any LimiterClock = SystemLimiterClock(),
                keepsRoomForThePerson: Bool = true, onChangeWaits: (@Sendable (Duration) -> Void)? = nil,
                onReadsWait: (@Sendable (Duration) -> Void)? = nil) {
        let reserve = keepsRoomForThePerson ? reserve ?? RateBudget.defaultReserve(limit: limit) : 0
        self.limit = limit
        self.window = window
        self.maxInFlight = maxInFlight
        self.reserve = reserve
        self.clock = clock
        self.onChangeWaits = onChangeWaits
        self.onReadsWait = onReadsWait
        self.budget = RateBudget(limit: limit, window: window, margin: margin, maxInFlight: maxInFlight, reserve: reserve,
                                 changeReserve: keepsRoomForThePerson ? nil : 0, keepsSlot: keepsRoomForThePerson)
        budget.seed(expiries: recent)
        seeded = recent
    }

    /// Waits for a slot; every successful `acquire` must be paired with one `release`.
    /// Throws `CancellationError` (holding no slot) if the task is cancelled while waiting.
    public func acquire(_ priority: RequestPriority = .interactive) async throws {
        try Task.checkCancellation()
        nextWaiterID += 1
        let id = nextWaiterID
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                queue.append(Waiter(id: id, priority: priority, continuation: continuation))
                pump()
            }
        } onCancel: {
            Task { await self.cancel(id) }
        }
    }

    /// The answer came back (or the request failed): the slot is free, and the request keeps
    /// counting in the window from now.
    public func release() {
        budget.finish(at: clock.now)
        pump()
    }

    /// The server refused with 429 and asked for this wait: no request is sent before it is over,
    /// so the others do not each earn a 429 of their own.
    public func holdBack(for duration: Duration) {
        budget.hold(until: clock.now + duration)
        pump()
    }

    /// Runs `body` inside one slot.
    public func withSlot<T: Sendable>(_ priority: RequestPriority = .interactive, _ body: @Sendable () async throws -> T) async throws -> T {
        try await acquire(priority)
        do {
            let value = try await body()
            release()
            return value
        } catch {
            release()
            throw error
        }
    }

    /// Waiting requests, for tests and the status line.
    public var waiting: Int { queue.count }

    /// Requests sent and not yet answered.
    public var inFlight: Int { budget.inFlight }

    /// Requests the server may still be counting, at this moment.
    public func used() -> Int { budget.used(at: clock.now) }

    /// When each request the server may still be counting stops counting, so the next run of the
    /// program can start where this one left the window.
    public func windowExpiries() -> [ContinuousClock.Instant] { budget.expiries(at: clock.now) }

    /// `windowExpiries` without those the limiter was seeded with (`recent`): what this run added.
    public func ownWindowExpiries() -> [ContinuousClock.Instant] {
        var seeds = seeded
        return windowExpiries().filter { expiry in
            guard let index = seeds.firstIndex(of: expiry) else { return true }
            seeds.remove(at: index)
            return false
        }
    }

    // MARK: Handing out slots

    /// Starts waiters in order for as long as the budget allows. When the first in order cannot
    /// start, no one behind it can either: every later waiter has the same or a smaller allowance.
    private func pump() {
        while let next = queue.indices.min(by: { (queue[$0].priority, queue[$0].id) < (queue[$1].priority, queue[$1].id) }) {
            switch budget.decision(for: queue[next].priority, at: clock.now) {
            case .start:
                let waiter = queue.remove(at: next)
                budget.start()
                waiter.continuation.resume()
            case .wait(let until):
                if queue[next].priority == .change, !queue[next].toldItWaits {
                    queue[next].toldItWaits = true
                    onChangeWaits?(until - clock.now)
                } else if queue[next].priority != .change, wakeAt == nil {
                    // Once per wait, not once per waiter.
                    onReadsWait?(until - clock.now)
                }
                scheduleWake(at: until)
                return
            case .waitForFinish:
                return
            }
        }
    }

    private func scheduleWake(at instant: ContinuousClock.Instant) {
        if let wakeAt, wakeAt <= instant { return }
        wakeAt = instant
        let clock = self.clock
        Task {
            try? await clock.sleep(until: instant)
            self.woke(scheduledFor: instant)
        }
    }

    private func woke(scheduledFor instant: ContinuousClock.Instant) {
        if wakeAt == instant { wakeAt = nil }
        pump()
    }

    private func cancel(_ id: UInt64) {
        // Not found: the slot was already handed over, and the holder releases it as usual.
        guard let index = queue.firstIndex(where: { $0.id == id }) else { return }
        queue.remove(at: index).continuation.resume(throwing: CancellationError())
        pump()
    }
}
