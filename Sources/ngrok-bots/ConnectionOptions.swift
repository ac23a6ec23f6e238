import ArgumentParser
import BotBrowser
import BotBrowserEffects
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NgrokAPI
import NgrokSimulator

/// How to reach an API: the real one with a key, or the built-in simulator with --demo.
struct ConnectionOptions: ParsableArguments {
    @Flag(help: "Start the built-in simulator on 127.0.0.1 and use it instead of the real API.")
    var demo = false

    @Option(help: "The API's base URL.")
    var apiURL: String = ClientConfiguration.defaultBaseURL.absoluteString

    @Option(help: "Read the API key from this file (used when NGROK_API_KEY is not set).")
    var apiKeyFile: String?

    @Option(help: "Which bot resource to use: auto, bot-users or service-users.")
    var resource: BotResourceChoice = .auto

    @Option(help: "The account's API rate limit, as requests per window (default 120/60s).")
    var rateLimit: RateLimitSpec = RateLimitSpec(requests: 120, window: .seconds(60))

    @Flag(help: "Neither read nor write the warm cache of the bot list ($XDG_CACHE_HOME/ngrok-bots/).")
    var noCache = false

    /// A connected client, plus the in-process simulator when --demo started one.
    struct Connection {
        var client: HTTPNgrokClient
        var demoServer: SimulatorServer?
        /// The warm cache for this API host and key (none with --demo or --no-cache), and what it held.
        var cache: WarmCache?
        var cached: CachedAccount?
        /// Already printed to stderr; the UI repeats them, since its screen hides what came before.
        var warnings: [String] = []
        /// Where the key came from, as a refused key's message names it (nil with --demo).
        var keySource: String?

        /// An error as the user should read it: a refused key says so once, with where the key came from.
        func describe(_ error: NgrokError) -> String { error.describe(keySource: keySource) }
    }

    /// `connect`, except that a configuration error (no key, a key that cannot be sent, plain http
    /// to a remote host) is printed here and exits 2; what remains is the API's (exit 1).
    func connect(demoOptions: SimulatorOptions = Self.demoSimulatorOptions,
                 onThrottle: (@Sendable (Duration) -> Void)? = nil) async throws -> Connection {
        do {
            return try await open(demoOptions: demoOptions, onThrottle: onThrottle)
        } catch let error as NgrokError where error.isConfiguration {
            printError("error: \(error.summary)")
            throw ExitCode(2)
        }
    }

    private func open(demoOptions: SimulatorOptions, onThrottle: (@Sendable (Duration) -> Void)?) async throws -> Connection {
        if demo {
            let server = try await SimulatorServer.start(demoOptions)
            var configuration = ClientConfiguration(baseURL: server.baseURL, apiKey: demoOptions.apiKey, resource: resource,
                                                    requestsPerWindow: rateLimit.requests, window: rateLimit.window)
            configuration.onThrottle = onThrottle
            return Connection(client: try HTTPNgrokClient(configuration: configuration), demoServer: server)
        }
        guard let url = URL(string: apiURL) else { throw ValidationError("--api-url is not a URL: \(apiURL)") }
        try ClientConfiguration.validate(baseURL: url)
        let found = try APIKeySource(apiKeyFile: apiKeyFile).resolve()
        for warning in found.warnings { printError(warning) }
        var configuration = ClientConfiguration(baseURL: url, apiKey: found.key, resource: resource,
                                                requestsPerWindow: rateLimit.requests, window: rateLimit.window)
        let cache = noCache ? nil : WarmCache(directory: WarmCache.defaultDirectory(), apiHost: Self.hostLabel(url), apiKey: found.key)
        let cached = cache?.load()
        // The window an earlier run left: this run does not send what the API would now refuse.
        configuration.recentRequests = cached?.recentRequests ?? []
        configuration.onThrottle = onThrottle
        return Connection(client: try HTTPNgrokClient(configuration: configuration), demoServer: nil,
                          cache: cache, cached: cached, warnings: found.warnings, keySource: found.source)
    }

    /// "api.ngrok.com", or "127.0.0.1:4040" with a port.
    static func hostLabel(_ url: URL) -> String {
        url.port.map { "\(url.host ?? ""):\($0)" } ?? (url.host ?? url.absoluteString)
    }

    /// About 60 realistic bots and a little latency, so loading progress is visible.
    static var demoSimulatorOptions: SimulatorOptions {
        var options = SimulatorOptions()
        options.bots = 60
        options.faults.latencyMs = 60
        options.faults.jitterMs = 120
        // The API's own window, so the demo meets the limit a real account does.
        options.faults.rateLimitPerWindow = 120
        options.faults.rateLimitWindowMs = 60_000
        return options
    }
}

extension BotResourceChoice: ExpressibleByArgument {}

extension RateLimitSpec: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

/// Writes to stderr. Messages can quote the server, so control characters are removed first.
func printError(_ message: String) {
    StandardStream.writeError(TextSanitizer.clean(message) + "\n")
}
