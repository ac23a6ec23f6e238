import Essentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How to reach the API and how politely.
public struct ClientConfiguration: Sendable {
    public static let defaultBaseURL = URL(string: "https://api.ngrok.com")!
    public static let version = "0.1.0"

    public var baseURL: URL
    public var apiKey: String
    public var resource: BotResourceChoice
    public var pageSize: Int
    public var requestsPerWindow: Int
    public var window: Duration
    public var maxInFlight: Int
    /// Whether part of the window and one slot in flight are kept for what a person asks while a
    /// load runs (the TUI). A runbook command has no second thing to do while its lists load:
    /// kept, they would only slow the one thing it does.
    public var keepsRoomForThePerson = true
    /// Added to the window after each answer, so a server that rounds its window never refuses.
    public var windowMargin: Duration
    /// When requests an earlier run sent to this account stop counting in the window (from the warm cache).
    public var recentRequests: [Date] = []
    /// Told how long the client waits whenever the server answers 429, so the user sees why it is slow.
    public var onThrottle: (@Sendable (Duration) -> Void)?
    /// Told how long a change (POST, PATCH, DELETE) waits for the API's window before it is sent:
    /// another program may have used the window, and the person who confirmed it is waiting.
    public var onChangeWaits: (@Sendable (Duration) -> Void)?
    /// Told how long reads wait for the API's window when they have to, so a still load says why.
    public var onReadsWait: (@Sendable (Duration) -> Void)?
    public var retry: RetryPolicy
    /// The whole request, from connecting to the last byte of the answer: a slow drip fails too.
    public var timeout: Duration
    /// How long to wait for a connection; a refused or unreachable server is reported quickly.
    public var connectTimeout: Duration
    /// The largest answer read, checked from `Content-Length` before reading and while reading.
    public var maxBodyBytes: Int
    /// Pages per list before giving up: far above any real account, low enough to stop a server
    /// that hands out a new `next_page_uri` forever.
    public var maxPages: Int
    /// The time the limiter waits by (the window, a 429's hold): injectable, so a test can move it by hand.
    public var clock: any LimiterClock = SystemLimiterClock()

    public init(
        baseURL: URL = Self.defaultBaseURL, apiKey: String, resource: BotResourceChoice = .auto,
        pageSize: Int = 100, requestsPerWindow: Int = 120, window: Duration = .seconds(60), maxInFlight: Int = 4,
        windowMargin: Duration = .seconds(1), retry: RetryPolicy = .default, timeout: Duration = .seconds(30),
        connectTimeout: Duration = .seconds(3), maxBodyBytes: Int = 16 << 20, maxPages: Int = 10_000
    ) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.resource = resource
        self.pageSize = pageSize
        self.requestsPerWindow = requestsPerWindow
        self.window = window
        self.maxInFlight = maxInFlight
        self.windowMargin = windowMargin
        self.retry = retry
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.maxBodyBytes = maxBodyBytes
        self.maxPages = maxPages
    }

    /// Plain http is allowed only to this machine: the key must never cross a network in clear text.
    public static func validate(baseURL: URL) throws(NgrokError) {
        guard let scheme = baseURL.scheme?.lowercased(), let host = baseURL.host, !host.isEmpty else {
            throw .insecureURL("not a usable API URL: \(baseURL.absoluteString)")
        }
        switch scheme {
        case "https": return
        case "http" where isLoopback(host): return
        case "http": throw .insecureURL("refusing plain http to \(host): only loopback hosts may use http; use https")
        default: throw .insecureURL("unsupported URL scheme \(scheme) in \(baseURL.absoluteString)")
        }
    }

    /// Loopback is an IP literal in 127.0.0.0/8, `::1`, or exactly `localhost`, decided from the text
    /// alone: a name like `127.0.0.1.example.com` would be looked up in DNS and could lead anywhere.
    static func isLoopback(_ host: String) -> Bool {
        var h = host.lowercased()
        if h.hasPrefix("[") && h.hasSuffix("]") { h = String(h.dropFirst().dropLast()) }
        if h == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, h, &v4) == 1 {
            return UInt32(bigEndian: v4.s_addr) >> 24 == 127
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, h, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) } == Array(repeating: 0, count: 15) + [1]
        }
        return false
    }
}
