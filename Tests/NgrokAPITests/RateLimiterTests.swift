import NgrokAPI
import Synchronization
import Testing

@testable import NgrokAPI

/// Grants, in the order the limiter gave them.
actor GrantLog {
    private(set) var labels: [String] = []
    func add(_ label: String) { labels.append(label) }
}

struct RateLimiterTests {
    // MARK: The window, as a server with the same window counts it

    /// Requests with different round trips, started whenever the budget allows, for three windows.
    /// Wherever inside its round trip the server counts each one (on arrival, on answering, or
    /// anywhere between), no request finds `limit` others in its window: none would get a 429.
    @Test(arguments: [Duration.zero, .seconds(1)])
    func noServerWindowEverHoldsMoreThanTheLimit(margin: Duration) {
        let limit = 20
        let window = Duration.seconds(6)
        var budget = RateBudget(limit: limit, window: window, margin: margin, maxInFlight: 4, reserve: 2)
        let origin = ContinuousClock.now
        var open: [(start: ContinuousClock.Instant, end: ContinuousClock.Instant)] = []
        var done: [(start: ContinuousClock.Instant, end: ContinuousClock.Instant)] = []
        let latencies: [Duration] = [.milliseconds(20), .milliseconds(350), .milliseconds(50), .milliseconds(900), .milliseconds(120)]
        var step = 0
        while origin + window * 3 > origin + .milliseconds(10) * step {
            let now = origin + .milliseconds(10) * step
            for request in open where request.end <= now { budget.finish(at: request.end) }
            done += open.filter { $0.end <= now }
            open.removeAll { $0.end <= now }
            let priority: RequestPriority = step % 7 == 0 ? .interactive : .background
            while budget.decision(for: priority, at: now) == .start {
                budget.start()
                open.append((now, now + latencies[(done.count + open.count) % latencies.count]))
            }
            step += 1
        }
        #expect(done.count >= limit * 2, "the budget must not be so careful that it starves")
        let placements: [(String, (ContinuousClock.Instant, ContinuousClock.Instant, Int) -> ContinuousClock.Instant)] = [
            ("on arrival", { start, _, _ in start }),
            ("on answering", { _, end, _ in end }),
            ("mixed", { start, end, index in index % 2 == 0 ? start : end }),
        ]
        for (name, seenAt) in placements {
            let seen = done.enumerated().map { seenAt($0.element.start, $0.element.end, $0.offset) }.sorted()
            for (index, instant) in seen.enumerated() {
                let before = seen[..<index].filter { $0 > instant - window }.count
                #expect(before < limit, "a server counting \(name) would refuse request \(index)")
            }
        }
    }

    @Test func backgroundWorkLeavesTheReserveAndOneSlotInFlight() {
        let now = ContinuousClock.now
        var budget = RateBudget(limit: 12, window: .seconds(60), margin: .zero, maxInFlight: 4, reserve: 2)
        for _ in 0..<3 {
            #expect(budget.decision(for: .background, at: now) == .start)
            budget.start()
        }
        #expect(budget.decision(for: .bots, at: now) == .waitForFinish, "the fourth slot in flight is the user's")
        #expect(budget.decision(for: .interactive, at: now) == .start)
        for _ in 0..<3 { budget.finish(at: now) }
        for _ in 0..<7 {
            budget.start()
            budget.finish(at: now + .seconds(1))
        }
        // 10 of 12 used: background waits for the oldest to leave the window, the user does not.
        #expect(budget.decision(for: .background, at: now + .seconds(2)) == .wait(until: now + .seconds(60)))
        #expect(budget.decision(for: .interactive, at: now + .seconds(2)) == .start)
        #expect(budget.decision(for: .background, at: now + .seconds(60)) == .start)
    }

    @Test func aRequestCountsUntilAWindowAfterItsAnswer() {
        let now = ContinuousClock.now
        var budget = RateBudget(limit: 1, window: .seconds(60), margin: .seconds(1), maxInFlight: 4, reserve: 0)
        budget.start()
        #expect(budget.decision(for: .interactive, at: now + .seconds(90)) == .waitForFinish)
        budget.finish(at: now + .seconds(30))
        #expect(budget.decision(for: .interactive, at: now + .seconds(90)) == .wait(until: now + .seconds(91)))
        #expect(budget.decision(for: .interactive, at: now + .seconds(91)) == .start)
    }

    @Test func a429HoldsEveryPriorityUntilTheServersWaitIsOver() {
        let now = ContinuousClock.now
        var budget = RateBudget(limit: 120, window: .seconds(60), margin: .zero, maxInFlight: 4, reserve: 10)
        budget.hold(until: now + .seconds(5))
        budget.hold(until: now + .seconds(2))  // a shorter wait does not cut a longer one short
        #expect(budget.decision(for: .interactive, at: now + .seconds(1)) == .wait(until: now + .seconds(5)))
        #expect(budget.decision(for: .background, at: now + .seconds(1)) == .wait(until: now + .seconds(5)))
        #expect(budget.decision(for: .interactive, at: now + .seconds(5)) == .start)
    }

    /// Issue 19, item 4: at 10,000 bots with the window at 110 of 120, a mistyped id and then the
    /// right one (about ten lookups, owner lists and session lists) used to leave the confirmed
    /// deactivate as the eleventh interactive request, a minute behind.
    @Test func aConfirmedChangeOutranksEveryReadAndHasAReserveOfItsOwn() {
        let now = ContinuousClock.now
        var budget = RateBudget(limit: 120, window: .seconds(60), margin: .zero, maxInFlight: 4, reserve: 10)
        #expect(budget.changeReserve == 5)
        for _ in 0..<105 {
            #expect(budget.decision(for: .background, at: now) == .start)
            budget.start()
            budget.finish(at: now)
        }
        #expect(budget.decision(for: .background, at: now) == .wait(until: now + .seconds(60)))
        for _ in 0..<10 {
            #expect(budget.decision(for: .interactive, at: now) == .start)
            budget.start()
            budget.finish(at: now)
        }
        #expect(budget.decision(for: .interactive, at: now) == .wait(until: now + .seconds(60)), "lookups stop short of the changes' reserve")
        #expect(budget.decision(for: .change, at: now) == .start)
    }

    @Test func aChangeGoesOutBesideFourReadsInFlight() {
        let now = ContinuousClock.now
        var budget = RateBudget(limit: 120, window: .seconds(60), margin: .zero, maxInFlight: 4, reserve: 10)
        for _ in 0..<4 { budget.start() }
        #expect(budget.decision(for: .interactive, at: now) == .waitForFinish)
        #expect(budget.decision(for: .change, at: now) == .start)
        budget.start()
        #expect(budget.decision(for: .change, at: now) == .waitForFinish)
    }

    /// Issue 21: `list` shared three connections among four lists because background pages never
    /// took the slot kept for a person; a runbook command has no person to keep it for.
    @Test func withNoOneToKeepRoomForBackgroundWorkUsesEverySlotAndTheWholeWindow() {
        let now = ContinuousClock.now
        var budget = RateBudget(limit: 120, window: .seconds(60), margin: .zero, maxInFlight: 4, reserve: 0, changeReserve: 0, keepsSlot: false)
        for _ in 0..<4 {
            #expect(budget.decision(for: .background, at: now) == .start)
            budget.start()
        }
        for _ in 0..<4 { budget.finish(at: now) }
        for _ in 0..<116 {
            budget.start()
            budget.finish(at: now)
        }
        #expect(budget.used(at: now) == 120)
        var kept = RateBudget(limit: 120, window: .seconds(60), margin: .zero, maxInFlight: 4, reserve: 10)
        for _ in 0..<3 { kept.start() }
        #expect(kept.decision(for: .background, at: now) == .waitForFinish, "the TUI keeps its slot")
    }

    @Test func aSmallWindowKeepsNoChangeReserveItCannotAfford() {
        #expect(RateBudget(limit: 12, window: .seconds(60), margin: .zero, maxInFlight: 4, reserve: 2).changeReserve == 0)
        #expect(RateBudget(limit: 2, window: .seconds(60), margin: .zero, maxInFlight: 4, reserve: 1).changeReserve == 0)
        #expect(RateBudget(limit: 60, window: .seconds(60), margin: .zero, maxInFlight: 4, reserve: 5).changeReserve == 2)
    }

    // MARK: The limiter: order, waiting, cancellation

    @Test func aChangeThatWaitsForTheWindowIsToldHowLongOnce() async throws {
        let clock = ManualClock()
        let told = Mutex<[Duration]>([])
        let limiter = RateLimiter(limit: 2, window: .seconds(60), maxInFlight: 4, reserve: 0, margin: .seconds(1), clock: clock,
                                  onChangeWaits: { wait in told.withLock { $0.append(wait) } })
        for _ in 0..<2 {
            try await limiter.acquire(.interactive)
            await limiter.release()
        }
        let change = Task { try await limiter.acquire(.change) }
        await eventually("the change waits on a timer") { clock.sleepers == 1 }
        let lookup = Task { try await limiter.acquire(.interactive) }
        await eventually("a lookup waits behind it") { await limiter.waiting == 2 }
        #expect(told.withLock { $0 } == [.seconds(61)], "told once, with the wait, and only for the change")
        clock.advance(by: .seconds(61))
        try await change.value
        await limiter.release()
        lookup.cancel()
    }

    /// A load that has to wait for the window says so once per wait, however many lists wait.
    @Test func readsWaitingForTheWindowAreToldOncePerWait() async throws {
        let clock = ManualClock()
        let told = Mutex<[Duration]>([])
        let limiter = RateLimiter(limit: 2, window: .seconds(60), maxInFlight: 4, reserve: 0, margin: .seconds(1), clock: clock,
                                  onReadsWait: { wait in told.withLock { $0.append(wait) } })
        for _ in 0..<2 {
            try await limiter.acquire(.background)
            await limiter.release()
        }
        let lists = (0..<3).map { _ in Task { try await limiter.acquire(.background) } }
        await eventually("three lists wait") { await limiter.waiting == 3 }
        #expect(told.withLock { $0 } == [.seconds(61)])
        for list in lists { list.cancel() }
    }

    @Test func waitersAreServedByPriorityThenInOrder() async throws {
        let limiter = RateLimiter(limit: 100, window: .seconds(60), maxInFlight: 1, reserve: 0, clock: ManualClock())
        try await limiter.acquire(.interactive)
        let log = GrantLog()
        var tasks: [Task<Void, any Error>] = []
        for (index, (label, priority)) in [("bg1", RequestPriority.background), ("bots", .bots), ("user1", .interactive),
                                           ("bg2", .background), ("user2", .interactive)].enumerated() {
            tasks.append(Task {
                try await limiter.acquire(priority)
                await log.add(label)
                await limiter.release()
            })
            await eventually("waiter \(label) queued") { await limiter.waiting == index + 1 }
        }
        await limiter.release()
        for task in tasks { try await task.value }
        #expect(await log.labels == ["user1", "user2", "bots", "bg1", "bg2"])
    }

    @Test func aFullWindowWaitsForTheClockNotForAWakeup() async throws {
        let clock = ManualClock()
        let limiter = RateLimiter(limit: 2, window: .seconds(60), maxInFlight: 4, reserve: 0, margin: .seconds(1), clock: clock)
        for _ in 0..<2 {
            try await limiter.acquire()
            await limiter.release()
        }
        let third = Task { try await limiter.acquire() }
        await eventually("the third waits on a timer") { clock.sleepers == 1 }
        clock.advance(by: .seconds(60))
        #expect(await limiter.waiting == 1, "60 s after the answers, the margin is not over yet")
        clock.advance(by: .seconds(1))
        try await third.value
        #expect(await limiter.waiting == 0)
    }

    @Test func theReservedPartOfTheWindowServesTheUserDuringABackgroundLoad() async throws {
        let clock = ManualClock()
        let limiter = RateLimiter(limit: 12, window: .seconds(60), maxInFlight: 10, reserve: 2, margin: .zero, clock: clock)
        for _ in 0..<10 {
            try await limiter.acquire(.background)
            await limiter.release()
        }
        let page = Task { try await limiter.acquire(.background) }
        await eventually("the next page waits") { await limiter.waiting == 1 }
        // A confirmed deactivate in the middle of the load goes at once, twice.
        try await limiter.acquire(.interactive)
        try await limiter.acquire(.interactive)
        #expect(await limiter.waiting == 1)
        clock.advance(by: .seconds(60))
        try await page.value
    }

    /// The stall the old limiter had: a waiter cancelled by a refresh was woken by `release`, threw,
    /// and never passed the wakeup on, so the next request waited forever.
    @Test func aCancelledWaiterHandsItsSlotOn() async throws {
        let limiter = RateLimiter(limit: 100, window: .seconds(60), maxInFlight: 1, reserve: 0, clock: ManualClock())
        try await limiter.acquire()
        let cancelled = Task { try await limiter.acquire(.background) }
        await eventually("first waiter queued") { await limiter.waiting == 1 }
        let next = Task { try await limiter.acquire(.background) }
        await eventually("second waiter queued") { await limiter.waiting == 2 }
        cancelled.cancel()
        await eventually("the cancelled waiter leaves the queue") { await limiter.waiting == 1 }
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        await limiter.release()
        try await next.value
        #expect(await limiter.used() == 2, "the cancelled waiter never took a slot")
    }
}
