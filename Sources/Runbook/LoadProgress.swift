/// How far a long read got, as one line for a terminal's stderr (`list`, `sessions`, `since` on a
/// 10,000-bot account take minutes, nearly all of it waiting for the API's window). Built from what
/// the rate limiter can be asked from outside, so no list needs to know it is being watched.
public struct LoadProgress: Sendable, Equatable {
    public typealias Instant = ContinuousClock.Instant

    /// Requests answered so far: pages, and the few lookups around them.
    public private(set) var requests = 0
    /// The latest instant a counted request stops counting in the window.
    private var latestExpiry: Instant?
    /// How long until the window lets the next request go; nil when nothing waits for it.
    public var windowWait: Duration?
    /// How long the server asked to be left alone (a 429's Retry-After).
    public var heldByServer: Duration?
    /// The window, as the limiter keeps it: `requests` per `window`.
    public var limit: Int
    public var window: Duration

    public init(limit: Int, window: Duration) {
        self.limit = limit
        self.window = window
    }

    /// Counts what was answered since the last look. Each answered request stops counting in the
    /// window one window after its answer, so a request is new exactly when that instant is later
    /// than every one counted before; those that expired between two looks were counted at the
    /// first (looks come far more often than once a window).
    public mutating func saw(finished expiries: [Instant]) {
        let new = expiries.filter { expiry in latestExpiry.map { expiry > $0 } ?? true }
        requests += new.count
        if let last = new.max() { latestExpiry = last }
    }

    /// When the window frees a start for a request that waits: with `used` requests counting
    /// (answered ones until their `expiries`, `inFlight` ones for a whole window yet) and
    /// `allowance` starts a window, the (excess + 1)-th expiry. Nil when no one waits or only an
    /// answer in flight can help.
    public static func windowWait(finished expiries: [Instant], inFlight: Int, waiting: Int, allowance: Int,
                                  now: Instant) -> Duration? {
        guard waiting > 0 else { return nil }
        let sorted = expiries.filter { $0 > now }.sorted()
        let excess = inFlight + sorted.count - allowance
        guard excess >= 0, excess < sorted.count else { return nil }
        return sorted[excess] - now
    }

    /// `37 requests answered; waiting 41 s for the API's window (120 requests per 60 s)`. A wait
    /// under a second is the window's ordinary pace and not worth a word.
    public var line: String {
        var text = "\(requests) request\(requests == 1 ? "" : "s") answered"
        if let held = heldByServer, held >= .seconds(1) {
            text += "; the API asked to wait \(Self.seconds(held)) s"
        } else if let wait = windowWait, wait >= .seconds(1) {
            text += "; waiting \(Self.seconds(wait)) s for the API's window (\(limit) requests per \(Self.seconds(window)) s)"
        }
        return text
    }

    static func seconds(_ duration: Duration) -> Int {
        Int((Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18).rounded(.up))
    }
}
