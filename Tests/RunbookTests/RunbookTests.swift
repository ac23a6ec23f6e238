import BotBrowser
import BotBrowserEffects
import Foundation
import NgrokAPI
import NgrokSimulator
import Runbook
import Testing

/// The runbook engine against a real simulator: names resolve exactly, changes are idempotent and
/// audited like the terminal UI's, read-only refuses, and each failure has its exit status.
@Suite("Runbook commands' engine against the simulator")
struct RunbookTests {
    static let apiKey = "2runbookAPIkey_abcdefghijklmnop_SECRET"

    final class Setup: Sendable {
        let server: SimulatorServer
        let client: HTTPNgrokClient
        let auditPath: String

        init(bots: Int = 8, selfKeyOwnedByBot: Bool = false) async throws {
            var options = SimulatorOptions()
            options.bots = bots
            options.selfKeyOwnedByBot = selfKeyOwnedByBot
            options.credentialsPerBot = 3
            options.apiKey = RunbookTests.apiKey
            server = try await SimulatorServer.start(options)
            client = try HTTPNgrokClient(configuration: ClientConfiguration(baseURL: server.baseURL, apiKey: RunbookTests.apiKey))
            auditPath = NSTemporaryDirectory() + "ngrok-bots-runbook-\(UUID().uuidString)/audit.jsonl"
        }

        deinit { server.stop() }

        func runbook(readOnly: Bool = false) throws -> Runbook {
            Runbook(client: client, audit: try AuditLog(path: auditPath), readOnly: readOnly)
        }

        /// The actions of the outcome lines (one per change).
        func auditActions() -> [String] {
            let text = (try? String(contentsOfFile: auditPath, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
            }.filter { $0["phase"] as? String != "attempt" }.compactMap { $0["action"] as? String }
        }

        func requests(_ method: String) async -> Int {
            await server.simulator.requestLog().filter { $0.method == method }.count
        }
    }

    /// A bot that owns at least one credential.
    static func botWithCredentials(_ simulator: Simulator) async -> BotUser? {
        let bots = await simulator.allBots()
        let owners = Set(await simulator.allCredentials().compactMap(\.ownerID))
        return bots.first { owners.contains($0.id) }
    }

    func status(_ body: () async throws -> Void) async -> RunbookError.Status? {
        do {
            try await body()
            return .done
        } catch {
            return (error as? RunbookError)?.status
        }
    }

    @Test func aBotIsFoundByIdOrExactNameAndOtherwiseSaysWhy() async throws {
        let setup = try await Setup()
        let runbook = try setup.runbook()
        let bot = try #require(await setup.server.simulator.allBots().first)
        #expect(try await runbook.resolveBot(bot.id).id == bot.id)
        #expect(try await runbook.resolveBot(" \(bot.name) ").id == bot.id)
        #expect(await status { _ = try await runbook.resolveBot(String(bot.name.dropLast())) } == .notFound)
        #expect(await status { _ = try await runbook.resolveBot("bot_" + String(repeating: "Z", count: 27)) } == .notFound)
        _ = await setup.server.simulator.insertBot(name: bot.name)
        do {
            _ = try await runbook.resolveBot(bot.name)
            Issue.record("a shared name was accepted")
        } catch {
            #expect(error.status == .ambiguous)
            #expect(error.message.contains(bot.id))
        }
    }

    @Test func deactivateIsIdempotentAndAudited() async throws {
        let setup = try await Setup()
        let runbook = try setup.runbook()
        let bot = try #require(await setup.server.simulator.allBots().first { $0.active })
        let first = try await runbook.setActive([bot], active: false)
        #expect(first.map(\.changed) == [true])
        #expect(await setup.server.simulator.allBots().first { $0.id == bot.id }?.active == false)
        let patches = await setup.requests("PATCH")
        // Read as inactive already: sent anyway (it may have changed since), not a failure.
        let again = try await runbook.setActive([first[0].bot], active: false)
        #expect(again.map(\.changed) == [false] && again[0].error == nil)
        #expect(await setup.requests("PATCH") == patches + 1)
        #expect(RunbookReport.SetActive(again[0]).outcome == "unchanged")
        #expect(setup.auditActions() == ["deactivate", "deactivate"])
    }

    @Test func readOnlyRefusesEveryChangeAndSendsNothing() async throws {
        let setup = try await Setup()
        let runbook = try setup.runbook(readOnly: true)
        let bot = try #require(await setup.server.simulator.allBots().first { $0.active })
        #expect(await status { _ = try await runbook.setActive([bot], active: false) } == .refused)
        #expect(await status { try await runbook.deleteBot(bot, owned: []) } == .refused)
        #expect(await status { _ = try await runbook.createBot(name: "x") } == .refused)
        #expect(await status { _ = try await runbook.rename(bot, to: "y") } == .refused)
        #expect(await status { _ = try await runbook.createCredential(.apiKey, owner: bot, description: "", publicKey: nil) } == .refused)
        #expect(await setup.requests("PATCH") + setup.requests("POST") + setup.requests("DELETE") == 0)
        #expect(setup.auditActions().isEmpty)
    }

    @Test func deleteTakesTheBotsCredentialsWithIt() async throws {
        let setup = try await Setup()
        let runbook = try setup.runbook()
        let bot = try #require(await Self.botWithCredentials(setup.server.simulator))
        let owned = try await runbook.credentials(of: bot)
        #expect(Set(owned.map(\.id)) == Set(await setup.server.simulator.credentials(ownedBy: bot.id).map(\.id)))
        try await runbook.deleteBot(bot, owned: owned)
        #expect(await setup.server.simulator.allBots().contains { $0.id == bot.id } == false)
        #expect(await setup.server.simulator.credentials(ownedBy: bot.id).isEmpty)
        #expect(setup.auditActions() == ["delete-bot"])
    }

    @Test func aNewTokenIsReturnedOnceAndNeverAudited() async throws {
        let setup = try await Setup()
        let runbook = try setup.runbook()
        let bot = try #require(await setup.server.simulator.allBots().first)
        let created = try await runbook.createCredential(.authtoken, owner: bot, description: "ci", publicKey: nil)
        let token = try #require(created.token)
        let json = RunbookReport.json(RunbookReport.Created(created))
        #expect(json.contains("\"token\" : \"\(token)\""))
        let audit = try String(contentsOfFile: setup.auditPath, encoding: .utf8)
        #expect(!audit.contains(token) && !audit.contains(RunbookTests.apiKey))
        #expect(setup.auditActions() == ["create-authtoken"])
        #expect(await status { _ = try await runbook.createCredential(.sshCredential, owner: bot, description: "", publicKey: "nope") } == .usage)
    }

    @Test func showsShapeIsStable() async throws {
        let setup = try await Setup()
        let runbook = try setup.runbook()
        let bot = try #require(await Self.botWithCredentials(setup.server.simulator))
        let json = RunbookReport.json(RunbookReport.Show(bot: bot, credentials: try await runbook.credentials(of: bot)))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["bot", "credentials"])
        #expect(Set((object["bot"] as? [String: Any])?.keys.map { $0 } ?? []) == ["id", "name", "active", "created_at"])
        let first = try #require((object["credentials"] as? [[String: Any]])?.first)
        #expect(Set(first.keys).isSuperset(of: ["id", "kind", "owner_id", "description", "created_at", "acl"]))
    }

    @Test func anAPIFailureIsStatusOne() async throws {
        let setup = try await Setup()
        let wrongKey = try HTTPNgrokClient(configuration: ClientConfiguration(baseURL: setup.server.baseURL, apiKey: "wrong-key-0123456789"))
        let runbook = Runbook(client: wrongKey, audit: nil)
        do {
            _ = try await runbook.resolveBot("anything")
            Issue.record("a wrong key was accepted")
        } catch {
            #expect(error.status == .apiError)
            #expect(!error.message.contains(RunbookTests.apiKey))
        }
    }

    // MARK: find and rotate

    @Test func findAnswersWhoOwnsACredentialWithOneLookup() async throws {
        let setup = try await Setup()
        let runbook = try setup.runbook()
        let simulator = setup.server.simulator
        let bots = Set(await simulator.allBots().map(\.id))
        let key = try #require(await simulator.allCredentials().first { $0.kind == .apiKey && bots.contains($0.ownerID ?? "") })
        await simulator.clearRequestLog()
        let matches = try await runbook.find(" \(key.id) ")
        #expect(matches.count == 1 && matches[0].bot?.id == key.ownerID && matches[0].credential?.id == key.id)
        // The key and its owner, not a listing.
        #expect(await simulator.requestLog().count <= 3)
        let person = await simulator.insertCredential(.apiKey, owner: "usr_someone", description: "laptop")
        let theirs = try await runbook.find(person.id)
        #expect(theirs.first?.bot == nil && theirs.first?.ownerID == "usr_someone")
        #expect(try await runbook.find("ak_" + String(repeating: "Q", count: 27)).isEmpty)
    }

    @Test func findMatchesNamesAndDescriptionsWithTheServersFilter() async throws {
        let setup = try await Setup()
        let runbook = try setup.runbook()
        let simulator = setup.server.simulator
        let bot = try #require(await simulator.allBots().first)
        let marked = await simulator.insertCredential(.authtoken, owner: bot.id, description: "needle-in-a-haystack")
        let matches = try await runbook.find("needle-in")
        #expect(matches.contains { $0.credential?.id == marked.id && $0.bot?.id == bot.id && $0.reason == .description })
        #expect(await simulator.requestLog().contains { $0.query["filter"]?.contains("obj.description.contains") == true })
        let byName = try await runbook.find(String(bot.name.prefix(8)).uppercased())
        #expect(byName.contains { $0.bot?.id == bot.id && $0.reason == .name })
    }

    @Test func rotateCreatesALikeReplacementThenDeletesTheOld() async throws {
        let setup = try await Setup()
        let runbook = try setup.runbook()
        let simulator = setup.server.simulator
        let bot = try #require(await simulator.allBots().first)
        let old = try await runbook.createCredential(.authtoken, owner: bot, description: "edge agents", publicKey: nil)
        let (found, owner) = try await runbook.credentialOfBot(old.id)
        #expect(owner.id == bot.id)
        let outcome = try await runbook.rotate(found, owner: owner, publicKey: nil)
        #expect(outcome.oldDeleteError == nil)
        #expect(outcome.replacement.token?.isEmpty == false)
        let now = await simulator.allCredentials()
        #expect(!now.contains { $0.id == old.id })
        let replacement = try #require(now.first { $0.id == outcome.replacement.id })
        #expect(replacement.ownerID == bot.id && replacement.description == "edge agents" && replacement.acl == found.acl)
        #expect(setup.auditActions().suffix(2) == ["create-authtoken", "delete-authtoken"])
    }

    /// A bot's new API key, ready to be rotated, and the runbook that made it.
    func keyToRotate() async throws -> (Setup, Runbook, Credential, BotUser) {
        let setup = try await Setup()
        let runbook = try setup.runbook()
        let bot = try #require(await setup.server.simulator.allBots().first)
        let key = try await runbook.createCredential(.apiKey, owner: bot, description: "ci", publicKey: nil)
        let (found, owner) = try await runbook.credentialOfBot(key.id)
        return (setup, runbook, found, owner)
    }

    @Test func aFailedCreateDeletesNothingAndAFailedDeleteNamesBoth() async throws {
        let (setup, runbook, found, owner) = try await keyToRotate()
        let simulator = setup.server.simulator
        var postsFail = FaultPlan()
        postsFail.serverErrorEvery = 1
        postsFail.faultMethods = ["POST"]
        await simulator.setFaults(postsFail)
        #expect(await status { _ = try await runbook.rotate(found, owner: owner, publicKey: nil) } == .apiError)
        #expect(await simulator.allCredentials().contains { $0.id == found.id })
        #expect(await simulator.requestLog().filter { $0.method == "DELETE" }.isEmpty)

        var deletesFail = FaultPlan()
        deletesFail.serverErrorEvery = 1
        deletesFail.faultMethods = ["DELETE"]
        await simulator.setFaults(deletesFail)
        let outcome = try await runbook.rotate(found, owner: owner, publicKey: nil)
        #expect(outcome.oldDeleteError?.status == 500)
        let ids = Set(await simulator.allCredentials().map(\.id))
        #expect(ids.contains(found.id) && ids.contains(outcome.replacement.id))
    }

    @Test func anSSHKeyNeedsANewPublicKeyAndAPersonsKeyIsRefused() async throws {
        let setup = try await Setup()
        let runbook = try setup.runbook()
        let simulator = setup.server.simulator
        let bots = Set(await simulator.allBots().map(\.id))
        let ssh = try #require(await simulator.allCredentials().first { $0.kind == .sshCredential && bots.contains($0.ownerID ?? "") })
        let (found, owner) = try await runbook.credentialOfBot(ssh.id)
        #expect(await status { _ = try await runbook.rotate(found, owner: owner, publicKey: nil) } == .usage)
        let person = await simulator.insertCredential(.apiKey, owner: "usr_someone", description: "laptop")
        #expect(await status { _ = try await runbook.credentialOfBot(person.id) } == .notFound)
    }
}
