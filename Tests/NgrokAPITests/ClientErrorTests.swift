import Foundation
import NgrokAPI
import NgrokSimulator
import Synchronization
import Testing

@Suite("Client errors, retries and rate limits against the simulator")
struct ClientErrorTests {
    @Test func notFoundCarriesStatusCodeAndOperationID() async throws {
        let fixture = try await SimulatorFixture.start(bots: 3)
        defer { fixture.stop() }
        do {
            _ = try await fixture.client.getBot(id: "bot_doesnotexist")
            Issue.record("expected a 404")
        } catch let error as NgrokError {
            #expect(error.status == 404)
            #expect(error.code == "ERR_NGROK_404")
            #expect(error.operationID?.hasPrefix("op_") == true)
            #expect(error.summary.contains("HTTP 404"))
            #expect(error.summary.contains(error.operationID!))
        }
    }

    @Test func aWrongKeyIsRedactedFromTheServersMessage() async throws {
        let wrongKey = "1wrongKEY_thatTheServerQuotes_987654321"
        let fixture = try await SimulatorFixture.start(bots: 3) { _ in } client: { $0.apiKey = wrongKey }
        defer { fixture.stop() }
        do {
            _ = try await fixture.client.allBots()
            Issue.record("expected a 401")
        } catch let error as NgrokError {
            #expect(error.status == 401)
            #expect(!error.summary.contains(wrongKey))
            #expect(error.summary.contains(Redactor.mask))
            #expect(!String(describing: error).contains(wrongKey))
        }
    }

    @Test func anErrorWithoutCodeIsStillReported() async throws {
        var faults = FaultPlan()
        faults.serverErrorEvery = 1
        faults.serverErrorStatus = 503
        let fixture = try await SimulatorFixture.start(bots: 3, faults: faults) { _ in } client: { $0.resource = .botUsers }
        defer { fixture.stop() }
        do {
            _ = try await fixture.client.getBot(id: "bot_x")
            Issue.record("expected a 503")
        } catch let error as NgrokError {
            #expect(error.status == 503)
            #expect(error.code == nil)
            #expect(error.operationID != nil)
        }
        // GET retried up to the policy's bound, then gave up.
        #expect(await fixture.simulator.requestLog().count == 4)
    }

    @Test func a500IsRetriedForGETButNeverForPOST() async throws {
        var faults = FaultPlan()
        faults.serverErrorEvery = 2
        let fixture = try await SimulatorFixture.start(bots: 5, faults: faults) { _ in } client: { $0.resource = .botUsers }
        defer { fixture.stop() }
        // Request 1 succeeds, request 2 fails and is retried as request 3.
        _ = try await fixture.client.allBots()
        let bots = try await fixture.client.allBots()
        #expect(bots.count == 5)
        await fixture.simulator.setFaults(faults)
        await fixture.simulator.clearRequestLog()
        _ = try await fixture.client.createBot(name: "first", active: true)
        do {
            _ = try await fixture.client.createBot(name: "second", active: true)
            Issue.record("the second POST should have failed")
        } catch let error as NgrokError {
            #expect(error.status == 500)
        }
        #expect(await fixture.creates() == 2)
        #expect(await fixture.simulator.allBots().filter { $0.name == "second" }.isEmpty)
    }

    @Test func aDroppedConnectionIsRetriedForGETAndUnknownForPOST() async throws {
        var faults = FaultPlan()
        faults.dropEvery = 2
        let fixture = try await SimulatorFixture.start(bots: 5, faults: faults) { _ in } client: { $0.resource = .botUsers }
        defer { fixture.stop() }
        #expect(try await fixture.client.allBots().count == 5)
        #expect(try await fixture.client.allBots().count == 5)
        await fixture.simulator.setFaults(faults)
        _ = try await fixture.client.createBot(name: "one", active: true)
        do {
            _ = try await fixture.client.createBot(name: "two", active: true)
            Issue.record("expected the dropped POST to be reported")
        } catch let error as NgrokError {
            guard case .outcomeUnknown = error else {
                Issue.record("expected outcome unknown, got \(error)")
                return
            }
        }
        #expect(await fixture.creates() == 2)
    }

    @Test(arguments: [true, false])
    func a429IsWaitedOutWithAndWithoutRetryAfter(retryAfter: Bool) async throws {
        var faults = FaultPlan()
        faults.rateLimitEvery = 2
        faults.retryAfterSeconds = retryAfter ? 1 : nil
        let told = ThrottleLog()
        let fixture = try await SimulatorFixture.start(bots: 5, faults: faults) { _ in } client: {
            $0.resource = .botUsers
            $0.onThrottle = { wait in told.waits.withLock { $0.append(wait) } }
        }
        defer { fixture.stop() }
        let clock = ContinuousClock()
        let start = clock.now
        _ = try await fixture.client.allBots()
        #expect(try await fixture.client.allBots().count == 5)
        let elapsed = clock.now - start
        let statuses = await fixture.simulator.requestLog().map(\.status)
        #expect(statuses == [200, 429, 200])
        #expect(told.waits.withLock { $0.count } == 1, "the user is told why it waits")
        if retryAfter {
            // Retry-After: 1 was honoured rather than the (5 ms) backoff.
            #expect(elapsed >= .milliseconds(950))
            #expect(told.waits.withLock { $0 } == [.seconds(1)])
        }
    }

    /// Issue 23: a request waiting out a 429 waits in the limiter's queue; cancelled there (a refresh
    /// superseded it), it leaves no waiter and no slot, and is not sent when the wait is over.
    @Test func aRequestCancelledWhileHeldBackLeavesNothingBehind() async throws {
        var faults = FaultPlan()
        faults.rateLimitEvery = 1
        faults.maxFaults = 1
        let clock = ManualClock()
        let fixture = try await SimulatorFixture.start(bots: 5, faults: faults) { _ in } client: {
            $0.resource = .botUsers
            $0.clock = clock
        }
        defer { fixture.stop() }
        let request = Task { try await fixture.client.allBots() }
        await eventually("held back by the 429") { await fixture.client.limiter.waiting == 1 }
        request.cancel()
        // (A cancelled stream simply ends: the list is whatever came before.)
        _ = try? await request.value
        #expect(await fixture.client.limiter.waiting == 0)
        #expect(await fixture.client.limiter.inFlight == 0)
        clock.advance(by: .seconds(2))
        try await Task.sleep(for: .milliseconds(50))
        #expect(await fixture.simulator.requestLog().map(\.status) == [429], "nothing sent once the wait was over")
    }

    @Test func a429OnACreateIsSentAgainBecauseTheServerDidNothing() async throws {
        var faults = FaultPlan()
        faults.rateLimitEvery = 2
        let fixture = try await SimulatorFixture.start(bots: 2, faults: faults) { _ in } client: { $0.resource = .botUsers }
        defer { fixture.stop() }
        _ = try await fixture.client.createBot(name: "first", active: true)
        let second = try await fixture.client.createBot(name: "second", active: true)
        #expect(second.name == "second")
        let log = await fixture.simulator.requestLog()
        #expect(log.map(\.method) == ["POST", "POST", "POST"])
        #expect(log.map(\.status) == [201, 429, 201], "\(log.map(\.status))")
        #expect(await fixture.simulator.allBots().filter { $0.name == "second" }.count == 1)
    }

    @Test func a429DoesNotSpendTheRetriesMeantForServerErrors() async throws {
        // Requests 2, 4, 6… answer 429 and 3, 9… answer 500: the second GET meets 429, 500, 429, then 200.
        var faults = FaultPlan()
        faults.rateLimitEvery = 2
        faults.serverErrorEvery = 3
        let fixture = try await SimulatorFixture.start(bots: 2, faults: faults) { _ in } client: {
            $0.resource = .botUsers
            $0.retry.maxAttempts = 2
        }
        defer { fixture.stop() }
        let bot = try #require(await fixture.simulator.allBots().first)
        _ = try await fixture.client.getBot(id: bot.id)
        #expect(BotID.same(try await fixture.client.getBot(id: bot.id).id, bot.id))
        #expect(await fixture.simulator.requestLog().map(\.status) == [200, 429, 500, 429, 200])
    }

    @Test func aDeleteWhoseFirstAnswerWasLostCountsA404AsDone() async throws {
        var faults = FaultPlan()
        faults.dropEvery = 1
        faults.faultMethods = ["DELETE"]
        faults.dropAfterProcessing = true
        faults.maxFaults = 1
        let fixture = try await SimulatorFixture.start(bots: 3, faults: faults) { _ in } client: { $0.resource = .botUsers }
        defer { fixture.stop() }
        let bot = try #require(await fixture.simulator.allBots().first)
        // The server deletes, the answer is lost, the retry sees 404: that is success.
        try await fixture.client.deleteBot(id: bot.id)
        #expect(await fixture.simulator.allBots().contains { $0.id == bot.id } == false)
        #expect(await fixture.simulator.requestLog().map(\.status) == [0, 404])
        // A 404 on the first attempt is the caller's to interpret ("already gone").
        await fixture.simulator.setFaults(FaultPlan())
        do {
            try await fixture.client.deleteBot(id: bot.id)
            Issue.record("a first-attempt 404 must be reported")
        } catch let error as NgrokError {
            #expect(error.status == 404)
        }
    }

    @Test func theLimiterNeverExceedsItsWindow() async throws {
        let fixture = try await SimulatorFixture.start(bots: 3) { _ in } client: {
            $0.resource = .botUsers
            $0.requestsPerWindow = 5
            $0.window = .milliseconds(1500)
            $0.windowMargin = .zero
        }
        defer { fixture.stop() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<16 {
                group.addTask { _ = try await fixture.client.allBots() }
            }
            try await group.waitForAll()
        }
        let times = await fixture.simulator.requestLog().map(\.at)
        #expect(times.count == 16)
        // The server sees the requests a little after the limiter lets them go, and with some
        // jitter when other tests load the machine; checking 0.9 s of the 1.5 s window leaves room for that.
        for (index, start) in times.enumerated() {
            let inWindow = times[index...].filter { $0 < start + .milliseconds(900) }
            #expect(inWindow.count <= 5)
        }
    }

    @Test func theLimiterBoundsRequestsInFlight() async throws {
        let limiter = RateLimiter(limit: 1000, window: .seconds(60), maxInFlight: 4)
        let counter = InFlightCounter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await limiter.withSlot {
                        await counter.enter()
                        try await Task.sleep(for: .milliseconds(5))
                        await counter.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(await counter.peak == 4)
    }

    @Test func plainHTTPIsRefusedExceptToLoopback() throws {
        #expect(throws: NgrokError.self) { try ClientConfiguration.validate(baseURL: URL(string: "http://api.ngrok.com")!) }
        try ClientConfiguration.validate(baseURL: URL(string: "http://127.0.0.1:8080")!)
        try ClientConfiguration.validate(baseURL: URL(string: "http://localhost:8080")!)
        try ClientConfiguration.validate(baseURL: URL(string: "https://api.ngrok.com")!)
        #expect(throws: NgrokError.self) { try ClientConfiguration.validate(baseURL: URL(string: "ftp://127.0.0.1")!) }
    }
}

final class ThrottleLog: Sendable {
    let waits = Mutex<[Duration]>([])
}

actor InFlightCounter {
    private(set) var current = 0
    private(set) var peak = 0
    func enter() {
        current += 1
        peak = max(peak, current)
    }
    func leave() { current -= 1 }
}
