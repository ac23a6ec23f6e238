import Essentials

extension RateBudget {
    /// An earlier run's record of the window (`ClientConfiguration.recentRequests`, wall-clock
    /// times) as instants of this run's monotonic clock. Each is capped at `now + window + margin`:
    /// no request can count longer than that, so a record written while the clock ran an hour fast
    /// (or a file someone edited) holds nothing back for more than one window. Those already past
    /// are left out.
    static func instants(fromWallClock times: [Date], wallNow: Date, now: Instant, window: Duration,
                         margin: Duration) -> [Instant] {
        let longest = window + margin
        let longestSeconds = Double(longest.components.seconds) + Double(longest.components.attoseconds) / 1e18
        return times.compactMap { time in
            let ahead = time.timeIntervalSince(wallNow)
            guard ahead > 0 else { return nil }
            // Capped before it becomes a Duration: nothing in the file can overflow one.
            return ahead >= longestSeconds ? now + longest : now + .nanoseconds(Int64(ahead * 1e9))
        }
    }
}
