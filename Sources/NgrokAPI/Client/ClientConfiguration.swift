import Foundation

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
    /// Added to the window after each answer, so a server that rounds its window never refuses.
    public var windowMargin: Duration
    /// When requests an earlier run sent to this account stop counting in the window (from the warm cache).
    public var recentRequests: [Date] = []
    /// Told how long the client waits whenever the server answers 429, so the user sees why it is slow.
    public var onThrottle: (@Sendable (Duration) -> Void)?
    public var retry: RetryPolicy
    public var timeout: Duration

    public init(
        baseURL: URL = Self.defaultBaseURL, apiKey: String, resource: BotResourceChoice = .auto,
        pageSize: Int = 100, requestsPerWindow: Int = 120, window: Duration = .seconds(60), maxInFlight: Int = 4,
        windowMargin: Duration = .seconds(1), retry: RetryPolicy = .default, timeout: Duration = .seconds(30)
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

    static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return h == "localhost" || h == "::1" || h.hasPrefix("127.")
    }
}
