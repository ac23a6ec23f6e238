import BotBrowser
import BotBrowserEffects
import Foundation
import NgrokAPI
import NgrokSimulator
import PropertyBased
import Synchronization
import Testing

/// Issue 23: whatever the user does while the server throttles or fails, superseded work stops.
/// The reducer and the effect runner run as the interactive loop runs them (effects in the
/// background, pages handed over one at a time) against the simulator with 429s, 500s and slow
/// pages, the limiter on a clock the test moves; random interleavings of refreshes, cursor moves,
/// filters, lookups and quits; then hands off, and what must hold once it settles.
@Suite("Loads under a storm of refreshes, moves and filters while the server throttles")
struct LoadStormTests {
    @Test func supersededWorkStopsAndTheLoadCompletes() async throws {
        await propertyCheck(count: 15, input: Gen.int(in: 0...9_999).array(of: 5...40), Gen.int(in: 0...4)) { steps, plan in
            let baseline = await StormRig.freshLaunch(plan)
            let rig = try! await StormRig(faults: plan)
            print("storm: faults \(plan), steps \(steps)")
            await rig.run(steps)
            await rig.settleAndCheck(against: baseline)
        }
    }
}

/// A clock the test moves: a 429's hold and the window's waits pass when the test says, and a
/// cancelled sleep ends at once.
final class SteppedClock: LimiterClock {
    private struct Sleeper {
        var deadline: ContinuousClock.Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private let state = Mutex<(now: ContinuousClock.Instant, next: Int, sleepers: [Int: Sleeper])>((ContinuousClock.now, 0, [:]))

    var now: ContinuousClock.Instant { state.withLock { $0.now } }
    var nextDeadline: ContinuousClock.Instant? { state.withLock { $0.sleepers.values.map(\.deadline).min() } }

    func sleep(until deadline: ContinuousClock.Instant) async throws {
        let id = state.withLock { state in
            defer { state.next += 1 }
            return state.next
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let due = state.withLock { state -> Bool in
                    if deadline <= state.now || Task.isCancelled { return true }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return false
                }
                if due { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.sleepers.removeValue(forKey: id) }?.continuation.resume(throwing: CancellationError())
        }
    }

    func advance(to instant: ContinuousClock.Instant) {
        let due = state.withLock { state -> [Sleeper] in
            state.now = max(state.now, instant)
            let due = state.sleepers.filter { $0.value.deadline <= state.now }
            for id in due.keys { state.sleepers[id] = nil }
            return Array(due.values)
        }
        for sleeper in due { sleeper.continuation.resume() }
    }
}

/// The interactive loop without a terminal: results posted, pages delivered (the runner waits
/// until the loop took each), and one `turn` takes in everything waiting.
final class LiveLoop: Sendable {
    private let inbox = Mutex<[(Action, CheckedContinuation<Void, Never>?)]>([])

    func post(_ action: Action) { inbox.withLock { $0.append((action, nil)) } }

    func deliver(_ action: Action) async {
        await withCheckedContinuation { (taken: CheckedContinuation<Void, Never>) in
            inbox.withLock { $0.append((action, taken)) }
        }
    }

    func take() -> [(Action, CheckedContinuation<Void, Never>?)] {
        inbox.withLock { inbox in defer { inbox.removeAll() }; return inbox }
    }

    var isEmpty: Bool { inbox.withLock { $0.isEmpty } }
}

/// One storm: a simulator with the faults asked for, the real client with its limiter on a
/// `SteppedClock`, the runner, the state, and what was seen on the way.
final class StormRig {
    let server: SimulatorServer
    let client: HTTPNgrokClient
    let clock = SteppedClock()
    let loop = LiveLoop()
    let runner: EffectRunner
    var state: AppState
    var quit = false
    /// `.loadTunnelSessions` effects asked for, by generation.
    var sessionListsStarted: [Int: Int] = [:]
    /// The newest generation the runner was asked to load.
    var newest = 0
    /// Pages of each list of an older generation taken in after a newer load started: a cancelled
    /// load may hand over the page it already held, never more.
    var stalePages: [String: Int] = [:]
    /// Ids to look up: a credential and a bot the lists have not brought yet.
    let lookups: [String]

    init(faults plan: Int) async throws {
        var options = SimulatorOptions()
        options.bots = 120
        options.credentialsPerBot = 3
        options.apiKey = Harness.apiKey
        switch plan {
        case 0: options.faults.rateLimitEvery = 11
        case 1: options.faults.rateLimitEvery = 7; options.faults.latencyMs = 2
        case 2: options.faults.serverErrorEvery = 9
        case 3: options.faults.rateLimitEvery = 11; options.faults.serverErrorEvery = 13; options.faults.jitterMs = 4
        default: options.faults.rateLimitEvery = 11; options.filtersEnabled = false
        }
        server = try await SimulatorServer.start(options)
        var configuration = ClientConfiguration(baseURL: server.baseURL, apiKey: Harness.apiKey, pageSize: 20, requestsPerWindow: 100_000)
        configuration.retry = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(1), maxDelay: .milliseconds(4))
        configuration.clock = clock
        client = try HTTPNgrokClient(configuration: configuration)
        let loop = self.loop
        runner = EffectRunner(client: client, audit: nil, deliver: { await loop.deliver($0) }, send: { loop.post($0) })
        state = AppState(apiHost: client.apiHost, now: Date())
        let credentials = await server.simulator.allCredentials()
        lookups = [credentials.last { $0.kind == .apiKey }?.id, await server.simulator.allBots().last?.id].compactMap { $0 }
        perform(reduce(&state, .resized(Size(width: 120, height: 40))))
        perform(reduce(&state, .start))
    }

    deinit { server.stop() }

    func perform(_ effects: [Effect]) {
        for effect in effects {
            switch effect {
            case .loadTunnelSessions(let generation): sessionListsStarted[generation, default: 0] += 1
            case .load(_, let generation): newest = max(newest, generation)
            default: break
            }
            if !quit { runner.run(effect) }
        }
    }

    func press(_ keys: String...) {
        for key in keys { perform(reduce(&state, .key(KeyName(parse: key)!))) }
    }

    func type(_ text: String) {
        for character in text { perform(reduce(&state, .key(.character(character)))) }
    }

    /// One pass of the loop: results taken in, and the clock moved on when every request is
    /// waiting for it (nothing in flight, nothing to take in).
    func turn() async {
        for (action, taken) in loop.take() {
            noteStale(action)
            perform(reduce(&state, action))
            taken?.resume()
        }
        try? await Task.sleep(for: .milliseconds(1))
        let idle = await client.limiter.inFlight == 0
        if loop.isEmpty, idle, let next = clock.nextDeadline { clock.advance(to: next) }
    }

    func noteStale(_ action: Action) {
        let page: (String, Int)? = switch action {
        case let .botsPage(generation, _): ("bots", generation)
        case let .credentialsPage(generation, kind, _): ("\(kind)", generation)
        case let .tunnelSessionsPage(generation, _): ("sessions", generation)
        default: nil
        }
        guard let (list, generation) = page, generation < newest else { return }
        stalePages["\(list) of generation \(generation)", default: 0] += 1
    }

    func spin(_ turns: Int) async {
        for _ in 0..<turns { await turn() }
    }

    /// Each step a user's gesture, then a few turns of the loop.
    func run(_ steps: [Int]) async {
        for step in steps where !quit {
            switch step % 8 {
            case 0, 1: press("r")
            case 2: press("j")
            case 3: press("k")
            case 4:
                press("/")
                type(["ci-runner-9", "prod", "zz"][step / 8 % 3])
                press(step % 2 == 0 ? "<Esc>" : "<Enter>")
            case 5 where !lookups.isEmpty:
                press("/")
                type(lookups[step / 8 % lookups.count])
                press("<Enter>")
                await spin(step / 8 % 5)
                press("<Esc>")
            case 6 where step % 50 == 6:
                quit = true
                runner.cancelLoads()
            case 7:
                // The loop's clock jumps, as after a long wait: the next `r` finds the load stalled and
                // starts it over, cancelling lists in the middle.
                perform(reduce(&state, .tick(state.ui.now + 100)))
            default:
                break
            }
            await spin(step / 16 % 20)
        }
    }

    var settled: Bool {
        quit || (!state.isLoading && state.account.sessions.phase != .loading)
    }

    /// What a launch with nobody at the keys costs under these faults: requests, and time on the clock.
    struct Cost: Sendable {
        var requests: Int
        var time: Duration
    }

    private static let baselines = Mutex<[Int: Cost]>([:])

    static func freshLaunch(_ plan: Int) async -> Cost {
        if let known = baselines.withLock({ $0[plan] }) { return known }
        let rig = try! await StormRig(faults: plan)
        let cost = await rig.settle()
        baselines.withLock { $0[plan] = cost }
        print("fresh launch under faults \(plan): \(cost.requests) requests, \(cost.time) on the clock")
        return cost
    }

    /// Turns the loop until the load has settled (or a limit passed); what it cost from here.
    func settle() async -> Cost {
        let requestsBefore = await server.simulator.requestLog().count
        let (virtualStart, realStart) = (clock.now, ContinuousClock.now)
        // Settled: loaded (or quit), nothing to take in, nothing sent or waiting, for a few turns
        // in a row (a task just started has not reached the limiter yet).
        var idleTurns = 0
        while idleTurns < 5, ContinuousClock.now - realStart < .seconds(20), clock.now - virtualStart < .seconds(300) {
            let (inFlight, waiting) = (await client.limiter.inFlight, await client.limiter.waiting)
            idleTurns = settled && loop.isEmpty && inFlight == 0 && waiting == 0 ? idleTurns + 1 : 0
            await turn()
        }
        return Cost(requests: await server.simulator.requestLog().count - requestsBefore, time: clock.now - virtualStart)
    }

    /// Hands off the keys; once it settles, what must hold.
    func settleAndCheck(against baseline: Cost) async {
        let cost = await settle()
        let requestsAtSettle = await server.simulator.requestLog().count
        // Ten seconds on the clock with nobody at the keys: nothing more may be sent.
        let quiet = clock.now + .seconds(10)
        while clock.now < quiet {
            await spin(20)
            clock.advance(to: clock.nowPlus(.seconds(1)))
        }
        let log = await server.simulator.requestLog()
        let requestsAfter = log.count
        let waiting = await client.limiter.waiting
        let inFlight = await client.limiter.inFlight
        // Each whole session list asks for its first page once (a 429 or 500 aside).
        let sessionLists = log.filter { $0.path == "/tunnel_sessions" && $0.status == 200 && $0.query["filter"] == nil && $0.query["before_id"] == nil }
        print("  settled after \(cost.time) on the clock, \(cost.requests) requests; \(requestsAfter - requestsAtSettle) after; "
              + "\(sessionLists.count) whole session lists sent, \(sessionListsStarted.values.reduce(0, +)) asked; stale pages \(stalePages)")
        if !quit {
            for target in LoadTarget.allCases {
                #expect(state.loads.progress[target]?.phase == .done, "\(target.label) did not complete: \(String(describing: state.loads.progress[target]))")
            }
            #expect(state.account.sessions.phase == .done, "the live sessions did not complete: \(state.account.sessions.phase)")
            #expect(state.bots.count == (await server.simulator.allBots().count))
        }
        #expect(requestsAfter == requestsAtSettle, "\(requestsAfter - requestsAtSettle) requests after the load settled")
        #expect(waiting == 0, "\(waiting) requests still waiting in the limiter")
        #expect(inFlight == 0, "\(inFlight) requests still in flight")
        #expect(sessionListsStarted.values.allSatisfy { $0 <= 1 }, "session lists started per generation: \(sessionListsStarted)")
        #expect(stalePages.values.allSatisfy { $0 <= 1 }, "superseded lists kept paging: \(stalePages)")
        #expect(sessionLists.count <= sessionListsStarted.values.reduce(0, +),
                "\(sessionLists.count) whole session lists sent for \(sessionListsStarted.values.reduce(0, +)) asked")
        if !quit {
            // Once the user stops, the load completes about as fast as a fresh launch under the same faults.
            #expect(cost.requests <= baseline.requests * 5 / 4 + 10, "\(cost.requests) requests to settle; a fresh launch needs \(baseline.requests)")
            #expect(cost.time <= baseline.time * 3 / 2 + .seconds(3), "\(cost.time) to settle; a fresh launch takes \(baseline.time)")
        }
    }
}

extension SteppedClock {
    func nowPlus(_ duration: Duration) -> ContinuousClock.Instant { now + duration }
}
