// The incident, timed: a key leaked — which bot owns it? deactivate it, now. Launches the program's
// core (reducer, effect runner, one HTTP client) against a simulated account behind the API's rate
// window, drives it with the user's keystrokes, and prints the time from launch to "deactivated on
// the server", the requests it took and how many the server refused. Numbers only; nothing here
// passes or fails.
//
//   swift build -c release --product ngrok-bots-incident
//   .build/release/ngrok-bots-incident [bots] [credentials-per-bot] [latency-ms]
import BotBrowser
import BotBrowserEffects
import Foundation
import NgrokAPI
import NgrokSimulator

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let botCount = arguments.first ?? 10_000
let credentialsPerBot = arguments.dropFirst().first ?? 5
let latencyMs = arguments.dropFirst(2).first ?? 50
let apiKey = "incident-bench-key-0123456789"
/// The deactivate key (`D`: the marked bots, or the selected one).
let deactivateKey = "D"
let cacheDirectory = NSTemporaryDirectory() + "ngrok-bots-incident-\(UUID().uuidString)"

/// One launch of the program without a terminal: what a key does is what the real program does.
struct Launch {
    let started = ContinuousClock.now
    var state: AppState
    let runner: EffectRunner
    let client: HTTPNgrokClient
    let cache: WarmCache?
    private var actions: AsyncStream<Action>.Iterator

    /// Starts as `ngrok-bots` does: the warm cache (if any) read, the limiter seeded with the last
    /// run's window, the cached bots on screen, then the load.
    init(server: SimulatorServer, cache: WarmCache? = nil) throws {
        let (stream, sink) = AsyncStream<Action>.makeStream()
        let cached = cache?.load()
        var configuration = ClientConfiguration(baseURL: server.baseURL, apiKey: apiKey)
        configuration.recentRequests = cached?.recentRequests ?? []
        client = try HTTPNgrokClient(configuration: configuration)
        self.cache = cache
        runner = EffectRunner(client: client, audit: nil, cache: cache) { sink.yield($0) }
        actions = stream.makeAsyncIterator()
        state = AppState(apiHost: client.apiHost, now: Date())
        dispatch(.resized(Size(width: 120, height: 40)))
        if let cached { dispatch(.cacheLoaded(cached)) }
        dispatch(.start)
    }

    mutating func dispatch(_ action: Action) {
        for effect in reduce(&state, action) { runner.run(effect) }
    }

    mutating func key(_ name: String) { dispatch(.key(KeyName(parse: name)!)) }

    /// A paste, as the terminal delivers it without bracketed paste: one key per character.
    mutating func paste(_ text: String) {
        for character in text { dispatch(.key(.character(character))) }
    }

    /// Lets the server's answers come in until `condition` holds; returns the seconds since launch.
    mutating func until(_ condition: (AppState) -> Bool) async -> Double {
        while !condition(state), let action = await actions.next() { dispatch(action) }
        return seconds(since: started)
    }

    /// Quits as `ngrok-bots` does: loads stopped, the window's use left for the next run.
    func quit() async {
        runner.cancelLoads()
        cache?.saveRecentRequests(await client.recentRequests())
    }
}

func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

func startSimulator() async throws -> SimulatorServer {
    var options = SimulatorOptions()
    options.apiKey = apiKey
    options.bots = botCount
    options.credentialsPerBot = credentialsPerBot
    options.faults.latencyMs = latencyMs
    options.faults.rateLimitPerWindow = 120
    options.faults.rateLimitWindowMs = 60_000
    return try await SimulatorServer.start(options)
}

func report(_ label: String, shown: Double, done: Double, server: SimulatorServer) async {
    let log = await server.simulator.requestLog()
    let refused = log.filter { $0.status == 429 }.count
    print(String(format: "%-34@ shown %6.2f s   deactivated on the server %6.2f s   %4d requests   %d refused (429)",
                 label as NSString, shown, done, log.count, refused))
    if ProcessInfo.processInfo.environment["INCIDENT_VERBOSE"] != nil, let first = log.first?.at {
        for record in log where record.path.contains("/") && !(record.path.hasSuffix("_users") && record.query["before_id"] != nil) {
            print(String(format: "    %7.3f s  %3d  %@ %@ %@", Double((record.at - first) / .milliseconds(1)) / 1000, record.status,
                         record.method as NSString, record.path as NSString, (record.query["filter"] ?? "") as NSString))
        }
    }
}

/// The oldest active bots whose name is theirs alone (a filter by it finds one bot), oldest first.
func uniquelyNamedBots(_ bots: [BotUser], count: Int = 2) -> [BotUser] {
    let names = bots.map { $0.name.lowercased() }
    var found: [BotUser] = []
    for (index, bot) in bots.enumerated().reversed() where bot.active {
        let name = names[index]
        if !names.enumerated().contains(where: { $0.offset != index && $0.element.contains(name) }) { found.append(bot) }
        if found.count == count { break }
    }
    return found
}

func byName(_ label: String, _ target: BotUser, server: SimulatorServer, cache: WarmCache, cacheTheList: Bool) async throws {
    var launch = try Launch(server: server, cache: cache)
    _ = await launch.until { !$0.bots.isEmpty }  // the first rows are on screen
    launch.key("/")
    launch.paste(target.name)
    launch.key("<Enter>")
    let shown = await launch.until { $0.browser.selectedID == target.id }
    launch.key(deactivateKey)
    launch.key("y")
    let done = await launch.until { $0.bots[target.id]?.active == false && $0.changes.pending[target.id] == nil }
    let onServer = await server.simulator.allBots().first { $0.id == target.id }
    precondition(onServer?.active == false, "the server does not show the bot deactivated")
    await report(label, shown: shown, done: done, server: server)
    // The first launch's user quits once the list is complete, so there is a list to cache.
    if cacheTheList { _ = await launch.until { $0.loads.progress[.bots]?.phase == .done } }
    await launch.quit()
}

print("ngrok-bots-incident: \(botCount) bots, about \(botCount * credentialsPerBot) credentials, \(latencyMs) ms latency, "
      + "the server refusing beyond 120 requests a minute")

/// A leak of the account's oldest authtoken that an active bot owns, pasted as `leaked(credential)`
/// gives it: its id, or a config line holding its token (`<KSUID>_<secret>`, the secret made up
/// here: the program uses only the KSUID, and never sends the rest).
func byLeak(_ label: String, kind: CredentialKind, leaked: (Credential) -> String) async throws {
    let server = try await startSimulator()
    let bots = Dictionary(uniqueKeysWithValues: await server.simulator.allBots().map { ($0.id, $0) })
    let credential = await server.simulator.allCredentials().last { $0.kind == kind && bots[$0.ownerID ?? ""]?.active == true }!
    let owner = credential.ownerID!
    await server.simulator.clearRequestLog()
    var launch = try Launch(server: server)
    _ = await launch.until { !$0.bots.isEmpty }
    launch.key("/")
    launch.paste(leaked(credential))
    launch.key("<Enter>")
    let shown = await launch.until { $0.browser.selectedID == owner }
    launch.key(deactivateKey)
    launch.key("y")
    let done = await launch.until { $0.bots[owner]?.active == false && $0.changes.pending[owner] == nil }
    let onServer = await server.simulator.allBots().first { $0.id == owner }
    precondition(onServer?.active == false, "the server does not show the bot deactivated")
    await report(label, shown: shown, done: done, server: server)
    await launch.quit()
    server.stop()
}

try await byLeak("by key id (oldest API key)", kind: .apiKey) { $0.id }
try await byLeak("by token (oldest authtoken's)", kind: .authtoken) {
    "NGROK_AUTHTOKEN=" + $0.id.dropFirst(CredentialKind.authtoken.idPrefix.count) + "_714PgnmX8vJX5wufhtV57"
}

// By the name of the oldest bot with a name of its own: the bot list is the limit. Then, within the
// same minute (the server's window still holding the first launch's requests), a second launch
// for the next such bot, from the warm cache.
do {
    let server = try await startSimulator()
    let targets = uniquelyNamedBots(await server.simulator.allBots())
    let cache = WarmCache(directory: cacheDirectory, apiHost: server.baseURL.absoluteString, apiKey: apiKey)
    await server.simulator.clearRequestLog()
    try await byName("by name (oldest bot), first launch", targets[0], server: server, cache: cache, cacheTheList: true)
    await server.simulator.clearRequestLog()
    try await byName("by name, second launch (warm)", targets[1], server: server, cache: cache, cacheTheList: false)
    server.stop()
    try? FileManager.default.removeItem(atPath: cacheDirectory)
}
