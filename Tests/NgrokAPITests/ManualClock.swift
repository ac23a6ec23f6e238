import NgrokAPI
import Synchronization
import Testing

/// A clock that moves only when a test says so: the limiter's waits become steps of the test,
/// never real time that a loaded machine could stretch.
final class ManualClock: LimiterClock {
    private struct Sleeper {
        var deadline: ContinuousClock.Instant
        var continuation: CheckedContinuation<Void, Never>
    }

    private let state: Mutex<(now: ContinuousClock.Instant, sleepers: [Sleeper])>

    init() {
        state = Mutex((ContinuousClock.now, []))
    }

    var now: ContinuousClock.Instant { state.withLock { $0.now } }
    var sleepers: Int { state.withLock { $0.sleepers.count } }

    func sleep(until deadline: ContinuousClock.Instant) async throws {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let due = state.withLock { state -> Bool in
                if deadline <= state.now { return true }
                state.sleepers.append(Sleeper(deadline: deadline, continuation: continuation))
                return false
            }
            if due { continuation.resume() }
        }
    }

    func advance(by duration: Duration) {
        let due = state.withLock { state -> [Sleeper] in
            state.now += duration
            let now = state.now
            let due = state.sleepers.filter { $0.deadline <= now }
            state.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }
}

/// Lets other tasks run until `condition` holds. It counts turns, not time, so a slow machine
/// makes it slower, never wrong; a condition that never holds is reported rather than hanging.
func eventually(_ what: String, _ condition: () async -> Bool) async {
    for _ in 0..<200_000 {
        if await condition() { return }
        await Task.yield()
    }
    Issue.record("never happened: \(what)")
}
