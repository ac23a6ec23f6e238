import Essentials

/// How often and how long the client waits before asking again.
public struct RetryPolicy: Sendable {
    /// Attempts in all, the first included, for GET, PATCH and DELETE. POST always gets exactly one.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// An upper bound on a server's `Retry-After`, so a bad header cannot freeze the program.
    public var maxRetryAfter: Duration
    /// How many 429s one request waits out, for every method, POST included: a 429 means the server
    /// did nothing, so asking again is safe. Counted apart from `maxAttempts`, which is for 5xx and
    /// lost answers, so a busy minute does not use up the budget meant for a failing server.
    public var maxRateLimitRetries: Int

    public init(maxAttempts: Int = 4, baseDelay: Duration = .milliseconds(250), maxDelay: Duration = .seconds(8),
                maxRetryAfter: Duration = .seconds(60), maxRateLimitRetries: Int = 8) {
        self.maxAttempts = maxAttempts
        self.maxRateLimitRetries = maxRateLimitRetries
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    public static let `default` = RetryPolicy()

    /// Exponential backoff with full jitter: a random wait up to base·2^attempt, capped.
    public func backoff(afterAttempt attempt: Int) -> Duration {
        let ceiling = min(baseDelay * (1 << min(attempt, 16)), maxDelay)
        let millis = max(1, Int(ceiling / .milliseconds(1)))
        return .milliseconds(Int.random(in: millis / 2 ... millis))
    }

    /// The wait a 429 asks for: `Retry-After` in seconds when given, else backoff.
    public func delayFor429(retryAfter: String?, attempt: Int) -> Duration {
        // Capped before it is converted: `1e20`, `inf` or `nan` must not trap. An HTTP date or
        // anything else unreadable gets the backoff.
        if let retryAfter, let seconds = Double(retryAfter.trimmedOfSpaces), seconds.isFinite, seconds >= 0 {
            let cap = Double(maxRetryAfter / .milliseconds(1)) / 1000
            return .milliseconds(Int(min(seconds, cap) * 1000))
        }
        return backoff(afterAttempt: attempt)
    }
}
