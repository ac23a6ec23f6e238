import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Essentials
import NgrokAPI
import NgrokSimulator

/// `ngrok-bots simulator`: the local fake ngrok API, for tests, benchmarks and trying things out.
struct SimulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulator",
        abstract: "Run a local ngrok API simulator on 127.0.0.1. The first line printed is its base URL."
    )

    @Option(help: "Port to listen on; 0 picks a free one.") var port = 0
    @Option(help: "The API key clients must send.") var apiKey = "demo-key"
    @Option(help: "Number of seeded bots.") var bots = 60
    @Option(help: "Average credentials per bot.") var credsPerBot = 3
    @Option(help: "Seed for the generated account.") var seed: UInt64 = 42
    @Option(help: "Fixed latency per request, in milliseconds.") var latencyMs = 0
    @Option(help: "Random extra latency, up to this many milliseconds.") var jitterMs = 0
    @Option(help: "Answer 429 to every Nth request.") var rateLimitEvery = 0
    @Flag(help: "Send those 429s without Retry-After.") var noRetryAfter = false
    @Option(help: "Answer 429 beyond this many requests per rolling minute (0: off).") var rateLimitPerMinute = 0
    @Option(help: "Answer 429 (ERR_NGROK_226, with Retry-After) beyond this many requests in any window, like the API: 120/60s.")
    var rateWindow: RateLimitSpec?
    @Option(help: "Answer a server error to every Nth request.") var errorEvery = 0
    @Option(help: "The status of those server errors.") var errorStatus = 500
    @Option(help: "Drop the connection of every Nth request.") var dropEvery = 0
    @Flag(help: "Answer 404 on /service_users, like an API that only has /bot_users.") var noServiceUsers = false
    @Flag(help: "Refuse every filter with 400.") var noFilter = false
    @Option(help: "How credentials' owner_id spells a bot: bot (bot_…) or service (service_…); /service_users always answers service_….")
    var ownerSpelling: OwnerSpelling = .bot
    @Option(help: "The account's name, as GET /self answers it.") var accountName = "demo@example.com"
    @Flag(help: "GET /self names an API key owned by a bot (for trying the self-lockout guards).") var selfKeyOwnedByBot = false
    @Option(help: "Append every request answered to this file, one JSON object a line (t: seconds since start, method, path, query, status).")
    var requestLog: String?

    enum OwnerSpelling: String, ExpressibleByArgument, CaseIterable {
        case bot, service

        var resource: BotResource { self == .bot ? .botUsers : .serviceUsers }
    }

    func validate() throws {
        // Out of range, a port would be taken modulo 65536 and the server would listen somewhere else.
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535, not \(port)") }
    }

    func run() async throws {
        var options = SimulatorOptions()
        options.port = port
        options.apiKey = apiKey
        options.bots = bots
        options.credentialsPerBot = credsPerBot
        options.seed = seed
        options.serviceUsersEnabled = !noServiceUsers
        options.filtersEnabled = !noFilter
        options.ownerSpelling = ownerSpelling.resource
        options.accountName = accountName
        options.selfKeyOwnedByBot = selfKeyOwnedByBot
        options.faults.latencyMs = latencyMs
        options.faults.jitterMs = jitterMs
        options.faults.rateLimitEvery = rateLimitEvery
        options.faults.retryAfterSeconds = noRetryAfter ? nil : 1
        options.faults.rateLimitPerWindow = rateLimitPerMinute
        if let rateWindow {
            options.faults.rateLimitPerWindow = rateWindow.requests
            options.faults.rateLimitWindowMs = Int(rateWindow.window / .milliseconds(1))
        }
        options.faults.serverErrorEvery = errorEvery
        options.faults.serverErrorStatus = errorStatus
        options.faults.dropEvery = dropEvery
        let server = try await SimulatorServer.start(options)
        // Written unbuffered: whoever started us reads this line to learn the port.
        StandardStream.writeOutput(server.baseURL.absoluteString + "\n")
        if let requestLog { try Self.writeRequests(of: server.simulator, to: requestLog) }
        await server.wait()
    }

    /// Copies the simulator's request log to `path` as it grows (every 100 ms), for tests that
    /// count what reached the server from outside the process.
    static func writeRequests(of simulator: Simulator, to path: String) throws {
        guard let file = fopen(path, "w") else { throw ValidationError("cannot write the request log \(path)") }
        let started = ContinuousClock.now
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        _ = Task {
            var written = 0
            while true {
                let records = await simulator.requestLog()
                for record in records.dropFirst(written) {
                    let line = LoggedRequest(t: Double((record.at - started) / .milliseconds(1)) / 1000, method: record.method,
                                             path: record.path, query: record.query, status: record.status)
                    if let json = try? encoder.encode(line) { fputs(String(decoding: json, as: UTF8.self) + "\n", file) }
                }
                written = records.count
                fflush(file)
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    private struct LoggedRequest: Encodable {
        var t: Double
        var method: String
        var path: String
        var query: [String: String]
        var status: Int
    }
}
