import Foundation
import Testing

@testable import TerminalUI

/// Issue 19, item 6: the loop's time moves with the monotonic clock only, so a wall clock stepped
/// back or forward cannot hold keys inside a dialog's guard or let early ones through.
@Suite("The loop's steady clock")
struct SteadyClockTests {
    @Test func itMovesWithTheMonotonicClockFromTheWallTimeAtLaunch() {
        let launched = Date(timeIntervalSince1970: 1_800_000_000)
        let start = ContinuousClock.now
        let clock = SteadyClock(wallAtStart: launched, startedAt: start)
        #expect(clock.now(at: start) == launched)
        #expect(clock.now(at: start + .milliseconds(150)) == launched + 0.15)
        #expect(clock.now(at: start + .seconds(3600)) == launched + 3600)
    }

    @Test func readingItTwiceNeverGoesBack() {
        let clock = SteadyClock()
        var last = clock.now()
        for _ in 0..<1000 {
            let next = clock.now()
            #expect(next >= last)
            last = next
        }
    }
}
