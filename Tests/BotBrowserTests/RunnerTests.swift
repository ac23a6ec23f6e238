import BotBrowser
import BotBrowserEffects
import Foundation
import NgrokAPI
import NgrokSimulator
import Synchronization
import Testing

/// The reducer and the effect runner together against a real simulator: what the user does
/// ends up on the server, and what the server says ends up in the state.
final class Harness: Sendable {
    let server: SimulatorServer
    let client: HTTPNgrokClient
    let runner: EffectRunner
    let auditPath: String
    private let inbox = Inbox()
    static let apiKey = "2harnessAPIkey_abcdefghijklmnop_SECRET"

    init(bots: Int = 12, faults: FaultPlan = FaultPlan(), client configure: (inout ClientConfiguration) -> Void = { _ in }) async throws {
        var options = SimulatorOptions()
        options.bots = bots
        options.credentialsPerBot = 3
        options.apiKey = Self.apiKey
        options.faults = faults
        server = try await SimulatorServer.start(options)
        var configuration = ClientConfiguration(baseURL: server.baseURL, apiKey: Self.apiKey)
        configuration.retry = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(2), maxDelay: .milliseconds(20), maxRetryAfter: .milliseconds(50))
        configure(&configuration)
        client = try HTTPNgrokClient(configuration: configuration)
        auditPath = NSTemporaryDirectory() + "ngrok-bots-audit-\(UUID().uuidString)/audit.jsonl"
        let audit = try AuditLog(path: auditPath)
        let inbox = self.inbox
        runner = EffectRunner(client: client, audit: audit, user: "tester") { action in inbox.post(action) }
    }

    deinit {
        server.stop()
    }

    /// Reduces `action`, performs every effect it leads to, and feeds results back until quiet.
    func dispatch(_ action: Action, into state: inout AppState) async {
        var queue = [action]
        while !queue.isEmpty {
            let next = queue.removeFirst()
            for effect in reduce(&state, next) {
                await runner.perform(effect)
            }
            queue += inbox.take()
        }
    }

    func loadedState() async -> AppState {
        var state = AppState(apiHost: client.apiHost, now: Date())
        await dispatch(.resized(Size(width: 120, height: 40)), into: &state)
        await dispatch(.start, into: &state)
        return state
    }

    func press(_ keys: [String], _ state: inout AppState) async {
        for key in keys { await dispatch(.key(KeyName(parse: key)!), into: &state) }
    }

    func type(_ text: String, _ state: inout AppState) async {
        for character in text { await dispatch(.key(.character(character)), into: &state) }
    }

    /// Actions the runner has sent back so far (for tests that run effects in the background).
    func takeResults() -> [Action] { inbox.take() }

    /// The outcome lines: one per change, as the tests count them.
    func auditLines() throws -> [[String: Any]] {
        try allAuditLines().filter { $0["phase"] as? String != "attempt" }
    }

    /// Every line, attempts included.
    func allAuditLines() throws -> [[String: Any]] {
        let text = try String(contentsOfFile: auditPath, encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }
}

final class Inbox: Sendable {
    private let actions = Mutex<[Action]>([])
    func post(_ action: Action) { actions.withLock { $0.append(action) } }
    func take() -> [Action] { actions.withLock { pending in defer { pending.removeAll() }; return pending } }
}

@Suite("Effect runner against the simulator")
struct RunnerTests {
    @Test func aFullLoadMatchesTheServer() async throws {
        let harness = try await Harness(bots: 130)
        let state = await harness.loadedState()
        #expect(state.bots.count == 130)
        #expect(!state.isLoading)
        let serverBots = await harness.server.simulator.allBots()
        for bot in serverBots.prefix(20) {
            let onServer = await harness.server.simulator.credentials(ownedBy: bot.id)
            #expect(state.account.counts(of: bot.id) == CredentialCounts(onServer))
        }
    }

    @Test func deactivateAndReactivateReachTheServer() async throws {
        let harness = try await Harness()
        var state = await harness.loadedState()
        let target = try #require(state.visibleIDs.first { state.bots[$0]!.active })
        await harness.press(["g"], &state)
        while state.browser.selectedID != target { await harness.press(["j"], &state) }
        await harness.press(["D", "y"], &state)
        #expect(await harness.server.simulator.allBots().first { $0.id == target }?.active == false)
        #expect(state.bots[target]?.active == false)
        #expect(state.changes.pending.isEmpty)
        await harness.press(["A", "y"], &state)
        #expect(await harness.server.simulator.allBots().first { $0.id == target }?.active == true)
        let lines = try harness.auditLines()
        #expect(lines.map { $0["action"] as? String } == ["deactivate", "activate"])
        #expect(lines.allSatisfy { $0["outcome"] as? String == "ok" && $0["target_id"] as? String == target })
        #expect(lines.allSatisfy { $0["user"] as? String == "tester" && ($0["api_host"] as? String)?.hasPrefix("127.0.0.1") == true })
    }

    @Test func deleteCascadesOnTheServer() async throws {
        let harness = try await Harness()
        var state = await harness.loadedState()
        let target = try #require(state.visibleIDs.first { state.account.counts(of: $0).total > 0 })
        while state.browser.selectedID != target { await harness.press(["j"], &state) }
        let name = state.bots[target]!.name
        #expect(await harness.server.simulator.credentials(ownedBy: target).isEmpty == false)
        await harness.press(["d"], &state)
        await harness.type(name, &state)
        await harness.press(["<Enter>"], &state)
        #expect(await harness.server.simulator.allBots().contains { $0.id == target } == false)
        #expect(await harness.server.simulator.credentials(ownedBy: target).isEmpty)
        #expect(state.bots[target] == nil)
        let line = try #require(try harness.auditLines().last)
        #expect(line["action"] as? String == "delete-bot")
        #expect((line["message"] as? String)?.hasPrefix("revoked ") == true)
    }

    @Test func bulkDeactivateSurvives500sAnd429s() async throws {
        var faults = FaultPlan()
        faults.serverErrorEvery = 3
        faults.rateLimitEvery = 4
        faults.retryAfterSeconds = nil
        faults.faultMethods = ["PATCH"]
        let harness = try await Harness(bots: 10, faults: faults)
        var state = await harness.loadedState()
        await harness.press(["*"], &state)
        await harness.press(["D", "<Enter>"], &state)
        #expect(state.changes.bulk?.finished == true)
        #expect(state.changes.bulk?.failures.isEmpty == true)
        #expect(await harness.server.simulator.allBots().allSatisfy { !$0.active })
        let statuses = await harness.server.simulator.requestLog().filter { $0.method == "PATCH" }.map(\.status)
        #expect(statuses.contains(500) && statuses.contains(429))
    }

    @Test func bulkListsTheBotThatFailedAndFinishesTheRest() async throws {
        var faults = FaultPlan()
        faults.serverErrorEvery = 1
        faults.maxFaults = 4 // every attempt of the first PATCH
        faults.faultMethods = ["PATCH"]
        let harness = try await Harness(bots: 6, faults: faults)
        var state = await harness.loadedState()
        let activeBefore = Dictionary(uniqueKeysWithValues: state.bots.values.map { ($0.id, $0.active) })
        await harness.press(["*", "D", "<Enter>"], &state)
        #expect(state.changes.bulk?.failures.count == 1)
        #expect(state.ui.flash?.level == .error)
        #expect(state.ui.flash?.text.contains("HTTP 500") == true)
        // Every bot is inactive on the server but the one whose PATCH failed, which kept its state;
        // the screen shows the server's truth for each.
        let onServer = await harness.server.simulator.allBots()
        let notDeactivated = onServer.filter(\.active)
        #expect(notDeactivated.count <= 1)
        for bot in onServer {
            #expect(state.bots[bot.id]?.active == bot.active)
            if bot.active { #expect(activeBefore[bot.id] == true) }
        }
        let outcomes = try harness.auditLines().map { $0["outcome"] as? String }
        #expect(outcomes.filter { $0 == "failed" }.count == 1)
    }

    @Test func theAuditLogIsPrivateAndHoldsNoSecrets() async throws {
        let harness = try await Harness()
        var state = await harness.loadedState()
        await harness.press(["<Enter>", "c", "k"], &state)
        await harness.type("ci deploy", &state)
        await harness.press(["<Enter>"], &state)
        guard case .secret(let secret) = state.top else {
            Issue.record("expected the new token on screen")
            return
        }
        let token = secret.secret
        #expect(token.count > 20)
        await harness.press(["y", "<Enter>"], &state)
        await harness.press(["<Esc>", "n"], &state)
        await harness.type("brand-new-bot", &state)
        await harness.press(["<Enter>"], &state)
        #expect(await harness.server.simulator.allBots().contains { $0.name == "brand-new-bot" })

        let attributes = try FileManager.default.attributesOfItem(atPath: harness.auditPath)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let text = try String(contentsOfFile: harness.auditPath, encoding: .utf8)
        #expect(!text.contains(Harness.apiKey))
        #expect(!text.contains(token))
        let actions = try harness.auditLines().map { $0["action"] as? String }
        #expect(actions == ["create-api-key", "create-bot"])
        #expect(!String(describing: state).contains(token))
    }

    @Test func quittingWaitsForChangesAlreadySent() async throws {
        var faults = FaultPlan()
        faults.latencyMs = 300
        let harness = try await Harness(bots: 3, faults: faults)
        let bot = try #require(await harness.server.simulator.allBots().first { $0.active })
        harness.runner.run(.setActive(BotRef(bot), active: false, bulk: false))
        #expect(await harness.runner.finishMutations(within: .seconds(5)) == 0)
        #expect(await harness.server.simulator.allBots().first { $0.id == bot.id }?.active == false)
        #expect(try harness.auditLines().count == 1)
        harness.runner.run(.setActive(BotRef(bot), active: true, bulk: false))
        #expect(await harness.runner.finishMutations(within: .milliseconds(20)) == 1)
    }

    @Test func aFailedRequestIsAuditedWithStatusCodeAndOperation() async throws {
        let harness = try await Harness()
        var state = await harness.loadedState()
        let ghost = BotRef(id: "bot_ghost", name: "ghost")
        await harness.dispatch(.key(KeyName(parse: "r")!), into: &state)
        await harness.runner.perform(.setActive(ghost, active: false, bulk: false))
        let line = try #require(try harness.auditLines().last)
        #expect(line["outcome"] as? String == "failed")
        #expect(line["http_status"] as? Int == 404)
        #expect(line["error_code"] as? String == "ERR_NGROK_404")
        #expect((line["operation_id"] as? String)?.hasPrefix("op_") == true)
    }
}

@Suite("Runner: an id in the filter, against the simulator")
struct RunnerLookupTests {
    @Test func aLeakedKeysBotIsFoundWithoutLoadingAnyList() async throws {
        let harness = try await Harness(bots: 30)
        let simulator = harness.server.simulator
        let bots = await simulator.allBots()
        let key = try #require(await simulator.allCredentials().last { $0.kind == .apiKey && $0.ownerID.flatMap(BotID.init) != nil })
        var state = AppState(apiHost: harness.client.apiHost, now: Date())
        await harness.press(["/"], &state)
        await harness.type(key.id, &state)
        #expect(state.browser.selectedID == key.ownerID)
        #expect(state.browser.lookup?.phase == .found(botID: key.ownerID!))
        #expect(state.bots.count == 1, "only the owner, fetched by id; \(bots.count) bots on the server")
        let paths = await simulator.requestLog().map(\.path)
        #expect(paths.contains("/api_keys/\(key.id)"))
        #expect(!paths.contains("/api_keys"), "no list was needed")
    }

    @Test func aPersonsKeyAndAnUnknownIDSaySo() async throws {
        let harness = try await Harness(bots: 5)
        let simulator = harness.server.simulator
        let personal = try #require(await simulator.allCredentials().first { $0.ownerID?.hasPrefix("usr_") == true })
        var state = AppState(apiHost: harness.client.apiHost, now: Date())
        await harness.press(["/"], &state)
        await harness.type(personal.id, &state)
        await harness.press(["<Enter>"], &state)
        #expect(state.ui.flash?.text.contains("owned by a person, \(personal.ownerID!)") == true)
        await harness.press(["/", "<C-u>"], &state)
        await harness.type("ak_" + String(repeating: "Z", count: 27), &state)
        await harness.press(["<Enter>"], &state)
        #expect(state.ui.flash?.text == "No such credential in this account: ak_" + String(repeating: "Z", count: 27))
    }
}

@Suite("Runner: a description search on the server")
struct RunnerServerSearchTests {
    @Test func findsCredentialsByDescriptionBeforeTheLists() async throws {
        let harness = try await Harness(bots: 20)
        let simulator = harness.server.simulator
        let bot = try #require(await simulator.allBots().first)
        let planted = await simulator.insertCredential(.authtoken, owner: bot.id, description: "pasted \"into\" a gist")
        await harness.runner.perform(.searchCredentials("into\" a gist"))
        var state = AppState(apiHost: harness.client.apiHost, now: Date())
        _ = reduce(&state, .botsPage(generation: 0, [bot]))
        for action in harness.takeResults() { _ = reduce(&state, action) }
        #expect(state.account.owner(ofCredential: planted.id) == bot.id)
        let filters = await simulator.requestLog().compactMap { $0.query["filter"] }
        #expect(filters.count == 3 && filters.allSatisfy { $0 == #"obj.description.contains("into\" a gist")"# })
    }
}
