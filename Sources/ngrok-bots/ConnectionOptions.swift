import ArgumentParser
import BotBrowser
import BotBrowserEffects
import Essentials
import NgrokAPI
import NgrokSimulator

/// How to reach an API: the real one with a key, or the built-in simulator with --demo.
struct ConnectionOptions: ParsableArguments {
    @Flag(help: "Start the built-in simulator on 127.0.0.1 and use it instead of the real API.")
    var demo = false

    @Option(help: "Use this profile of $XDG_CONFIG_HOME/ngrok-bots/config.yml (also NGROK_BOTS_PROFILE; default: its default_profile).")
    var profile: String?

    @Option(help: "The API's base URL (default: the profile's api_url, else https://api.ngrok.com).")
    var apiURL: String?

    @Option(help: "Read the API key from this file (used when NGROK_API_KEY is not set, or instead of the profile's key).")
    var apiKeyFile: String?

    @Option(help: "Which bot resource to use: auto, bot-users or service-users.")
    var resource: BotResourceChoice = .auto

    @Option(help: "The account's API rate limit, as requests per window (default: the profile's rate_limit, else 120/60s).")
    var rateLimit: RateLimitSpec?

    @Flag(help: "Neither read nor write the warm cache of the bot list ($XDG_CACHE_HOME/ngrok-bots/).")
    var noCache = false

    func validate() throws {
        // The demo's simulated account is no profile's: its changes must not look like theirs.
        if demo && profile != nil { throw ValidationError("--demo and --profile exclude each other") }
    }

    /// The profile of config.yml this run uses (none with --demo); errors in the file exit 2.
    func activeProfile(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ActiveProfile {
        demo ? .none : try ActiveProfile.load(requested: profile, environment: environment)
    }

    static let defaultRateLimit = RateLimitSpec(requests: 120, window: .seconds(60))

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
        var profile = ActiveProfile.none

        /// An error as the user should read it: a refused key says so once, with where the key came from.
        func describe(_ error: NgrokError) -> String { error.describe(keySource: keySource) }
    }

    /// `connect`, except that a configuration error (no key, a key that cannot be sent, plain http
    /// to a remote host) is printed here and exits 2; what remains is the API's (exit 1).
    /// `profile` is the one `activeProfile()` gave when the caller needed it first (read-only, the
    /// audit log); otherwise it is loaded here.
    /// `configure` sets what the caller decides of the client (who hears of waits, whether room is
    /// kept for a person), for the demo's simulator and a real API alike.
    func connect(profile: ActiveProfile? = nil, demoOptions: SimulatorOptions = Self.demoSimulatorOptions,
                 configure: (inout ClientConfiguration) -> Void = { _ in }) async throws -> Connection {
        let profile = try profile ?? activeProfile()
        do {
            return try await open(profile: profile, demoOptions: demoOptions, configure: configure)
        } catch let error as NgrokError where error.isConfiguration {
            printError("error: \(error.summary)")
            throw ExitCode(2)
        }
    }

    private func open(profile: ActiveProfile, demoOptions: SimulatorOptions,
                      configure: (inout ClientConfiguration) -> Void) async throws -> Connection {
        // The command line, then the profile, then the built-in default.
        let rateLimit = self.rateLimit ?? profile.settings.rateLimit ?? Self.defaultRateLimit
        if demo {
            let server = try await SimulatorServer.start(demoOptions)
            var configuration = ClientConfiguration(baseURL: server.baseURL, apiKey: demoOptions.apiKey, resource: resource,
                                                    requestsPerWindow: rateLimit.requests, window: rateLimit.window)
            configure(&configuration)
            return Connection(client: try HTTPNgrokClient(configuration: configuration), demoServer: server)
        }
        let apiURL = self.apiURL ?? profile.settings.apiURL ?? ClientConfiguration.defaultBaseURL.absoluteString
        guard let url = URL(string: apiURL) else { throw ValidationError("--api-url is not a URL: \(apiURL)") }
        try ClientConfiguration.validate(baseURL: url)
        let found = try APIKeySource(apiKeyFile: apiKeyFile, configured: profile.configuredKey).resolve()
        for warning in found.warnings { printError(warning) }
        var configuration = ClientConfiguration(baseURL: url, apiKey: found.key, resource: resource,
                                                requestsPerWindow: rateLimit.requests, window: rateLimit.window)
        let cache = noCache ? nil : WarmCache(directory: WarmCache.defaultDirectory(), apiHost: Self.hostLabel(url), apiKey: found.key)
        let cached = cache?.load()
        // The window an earlier run left: this run does not send what the API would now refuse.
        configuration.recentRequests = cached?.recentRequests ?? []
        configure(&configuration)
        return Connection(client: try HTTPNgrokClient(configuration: configuration), demoServer: nil,
                          cache: cache, cached: cached, warnings: found.warnings, keySource: found.source, profile: profile)
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
