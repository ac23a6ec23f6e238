import Essentials

/// The time the interactive loop gives the reducer: the wall clock at launch, moved on by the
/// monotonic clock. A wall clock that steps back (NTP, a VM resumed) would otherwise hold every
/// key inside a dialog's guard until it caught up, and one that jumps ahead would let keys typed
/// before a dialog was drawn through; this one does neither. Times shown on screen may drift from
/// the wall clock by what it was corrected by since launch.
struct SteadyClock {
    private let wallAtStart: Date
    private let startedAt: ContinuousClock.Instant

    init(wallAtStart: Date = Date(), startedAt: ContinuousClock.Instant = .now) {
        (self.wallAtStart, self.startedAt) = (wallAtStart, startedAt)
    }

    func now() -> Date { now(at: .now) }

    /// The steady time at a monotonic instant: the wall clock is read once, at launch.
    func now(at instant: ContinuousClock.Instant) -> Date {
        wallAtStart + Double((instant - startedAt) / .milliseconds(1)) / 1000
    }
}
