import BotBrowser
import Foundation
import NgrokAPI
import NgrokSimulator
@testable import Runbook
import Testing

/// Whole-account reads at real size (#22.5) and what the runbook commands print (#22.6).
@Suite("Runbook output and whole-account reads")
struct RunbookOutputTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func id(_ prefix: String, _ n: Int) -> String {
        prefix + String(repeating: "A", count: 27 - String(n).count) + String(n)
    }

    // MARK: Whole-account sessions

    @Test func everySessionOfTheAccountCostsPagesNotARequestPerCredential() async throws {
        let setup = try await RunbookTests.Setup(bots: 250)
        let runbook = try setup.runbook()
        let simulator = setup.server.simulator
        await simulator.clearRequestLog()
        let matches = try await runbook.sessions()
        let log = await simulator.requestLog()
        // No direct lookup of a credential or a bot: only lists (and the endpoint list).
        let lookups = log.filter { $0.path.split(separator: "/").count > 1 }
        #expect(lookups.isEmpty, "direct lookups: \(lookups.map(\.path).prefix(5))")
        let sessions = await simulator.allTunnelSessions()
        let credentials = await simulator.allCredentials()
        let pages = { (n: Int) in max(1, (n + 99) / 100) }
        let bound = pages(sessions.count) + pages(credentials.filter { $0.kind == .authtoken }.count)
            + pages(credentials.filter { $0.kind == .sshCredential }.count) + pages(await simulator.allBots().count)
            + pages(sessions.count * 2) + 2
        let distinct = Set(sessions.map(\.credentialID)).count
        #expect(log.count <= bound && log.count < distinct, "\(log.count) requests for \(distinct) credentials, bound \(bound)")
        // The same answer one lookup at a time would give (for a sample: the window is 120 a minute).
        let direct = try await setup.client.owners(of: Array(sessions.prefix(8)), directLookups: .max)
        #expect(matches.count == sessions.count)
        for match in matches where direct.sessions.contains(match.session) {
            #expect(match.credential == direct.credentials[match.session.credentialID])
            #expect(match.bot == direct.bot(of: match.session))
        }
        #expect(matches.contains { $0.bot != nil } && matches.contains { $0.bot == nil && $0.credential != nil })
        // Past the limit, an address's sessions are joined from lists too.
        await simulator.clearRequestLog()
        let listed = try await setup.client.owners(of: Array(sessions.prefix(8)), directLookups: 3)
        #expect(await simulator.requestLog().allSatisfy { $0.path.split(separator: "/").count == 1 })
        #expect(listed.credentials == direct.credentials && listed.bots.values.map(\.id).sorted() == direct.bots.values.map(\.id).sorted())
    }

    @Test func aJoinFindsBotsInEitherSpellingAndLeavesTheUnknownAbsent() {
        let bot = BotUser(id: Self.id("service_", 1), name: "ci", active: true, createdAt: Self.t0)
        let token = Credential(id: Self.id("cr_", 1), kind: .authtoken, ownerID: Self.id("bot_", 1), createdAt: Self.t0)
        let persons = Credential(id: Self.id("cr_", 2), kind: .authtoken, ownerID: "usr_someone", createdAt: Self.t0)
        let unused = Credential(id: Self.id("sshcr_", 3), kind: .sshCredential, ownerID: Self.id("bot_", 1), createdAt: Self.t0)
        let sessions = [token.id, persons.id, Self.id("cr_", 9)].enumerated().map {
            TunnelSession(id: Self.id("ts_", $0.offset), credentialID: $0.element, ip: "192.0.2.1", startedAt: Self.t0)
        }
        let search = SessionSearch.joined(sessions: sessions, credentials: [token, persons, unused], bots: [bot])
        #expect(search.bot(of: sessions[0]) == bot)
        #expect(search.credentials[persons.id] == persons && search.bot(of: sessions[1]) == nil)
        #expect(search.credentials[sessions[2].credentialID] == nil)
        #expect(search.credentials[unused.id] == nil, "only the credentials sessions use are kept")
        #expect(SessionSearch.credentialKinds(of: Array(sessions.prefix(2))) == [.authtoken])
        let odd = TunnelSession(id: Self.id("ts_", 7), credentialID: "weird", ip: "192.0.2.1", startedAt: Self.t0)
        #expect(SessionSearch.credentialKinds(of: [odd]) == [.authtoken, .sshCredential])
    }

    // MARK: Progress

    @Test func progressCountsEachAnsweredRequestOnceAcrossLooks() {
        let now = ContinuousClock.now
        var progress = LoadProgress(limit: 120, window: .seconds(60))
        progress.saw(finished: [now + .seconds(1), now + .seconds(2)])
        progress.saw(finished: [now + .seconds(1), now + .seconds(2), now + .seconds(3)])
        // The first two expired meanwhile; the fourth is new.
        progress.saw(finished: [now + .seconds(3), now + .seconds(4)])
        #expect(progress.requests == 4)
        #expect(progress.line == "4 requests answered")
    }

    @Test func progressSaysHowLongTheWindowHoldsTheNextRequest() {
        let now = ContinuousClock.now
        let full = (1...120).map { now + .milliseconds(500 * $0) }
        // 120 counting of 120 allowed: the first to expire frees a start, in half a second.
        #expect(LoadProgress.windowWait(finished: full, inFlight: 0, waiting: 1, allowance: 120, now: now) == .milliseconds(500))
        // Two in flight: the third expiry.
        #expect(LoadProgress.windowWait(finished: full, inFlight: 2, waiting: 1, allowance: 120, now: now) == .milliseconds(1500))
        #expect(LoadProgress.windowWait(finished: full, inFlight: 0, waiting: 0, allowance: 120, now: now) == nil)
        #expect(LoadProgress.windowWait(finished: Array(full.prefix(10)), inFlight: 0, waiting: 1, allowance: 120, now: now) == nil)
        var progress = LoadProgress(limit: 120, window: .seconds(60))
        progress.windowWait = .milliseconds(41_200)
        #expect(progress.line == "0 requests answered; waiting 42 s for the API's window (120 requests per 60 s)")
        progress.windowWait = .milliseconds(300)
        #expect(progress.line == "0 requests answered", "the window's ordinary pace is not a wait worth a word")
        progress.heldByServer = .seconds(9)
        #expect(progress.line.hasSuffix("the API asked to wait 9 s"))
    }

    // MARK: Text

    @Test func aTableHasAHeaderAlignedColumnsCleanCellsAndNoEmptyColumn() {
        let table = RunbookReport.table(["ID", "NAME", "ACL", "STATE"],
                                        [["bot_1", "de\u{200B}ploy\u{1B}]52;c;x\u{7}", "", "active"], ["bot_22", "", "", "inactive"]])
        let lines = table.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("ID      NAME"))
        #expect(!table.contains("ACL"), "a column empty in every row is left out")
        #expect(table.contains("de\u{2039}U+200B\u{203A}ploy") && !table.contains("\u{1B}") && !table.contains("\u{200B}"))
        #expect(lines[2].hasPrefix("bot_22  -"))
        let stateColumn = lines[0].range(of: "STATE")!.lowerBound.utf16Offset(in: lines[0])
        #expect(lines.dropFirst().allSatisfy { DisplayWidth.of(String($0.prefix(stateColumn))) == stateColumn })
    }

    @Test func showPrintsTheBotAndItsCredentialsUnderHeaders() {
        let bot = BotUser(id: Self.id("service_", 1), name: "ci", active: false, createdAt: Self.t0)
        let key = Credential(id: Self.id("ak_", 1), kind: .apiKey, ownerID: bot.id, description: "deploy", createdAt: Self.t0)
        let text = RunbookReport.showText(bot, credentials: [key])
        #expect(text.contains("BOT") && text.contains("STATE") && text.contains("inactive"))
        #expect(text.contains("KIND") && text.contains("DESCRIPTION") && text.contains(key.id) && !text.contains("SSH FINGERPRINT"))
        #expect(RunbookReport.showText(bot, credentials: []).hasSuffix("owns no credentials"))
    }

    @Test func findSaysWhyEachMatchMatchedThenTheOwnerAndTheCredential() {
        let bot = BotUser(id: Self.id("service_", 1), name: "ci", active: true, createdAt: Self.t0)
        let key = Credential(id: Self.id("ak_", 1), kind: .apiKey, ownerID: bot.id, description: "deploy", createdAt: Self.t0)
        let persons = Credential(id: Self.id("cr_", 2), kind: .authtoken, ownerID: "usr_x", createdAt: Self.t0)
        let lines = RunbookReport.findText([FindMatch(bot: bot, credential: key, reason: .id),
                                            FindMatch(credential: persons, ownerID: "usr_x", reason: .description)])
            .split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(lines[0] == ["MATCHED", "OWNER", "NAME", "STATE", "CREDENTIAL", "KIND", "DESCRIPTION"])
        #expect(lines[1] == ["id", bot.id, "ci", "active", key.id, "API", "key", "deploy"])
        #expect(lines[2] == ["description", "usr_x", "(a", "person,", "not", "a", "bot)", "-", persons.id, "authtoken", "-"])
    }

    @Test func deactivateSaysWhatSessionsRemainAndTheCommandThatStopsThem() {
        let bot = BotUser(id: Self.id("service_", 1), name: "ci", active: false, createdAt: Self.t0)
        let other = BotUser(id: Self.id("service_", 2), name: "web", active: false, createdAt: Self.t0)
        let live = (1...2).map { TunnelSession(id: Self.id("ts_", $0), credentialID: Self.id("cr_", 1), ip: "192.0.2.1", startedAt: Self.t0) }
        let outcomes = [SetActiveOutcome(bot: bot, changed: true), SetActiveOutcome(bot: other, changed: true)]
        let text = RunbookReport.setActiveText(outcomes, active: false, liveSessions: [bot.id: .success(live), other.id: .success([])])
        #expect(text.contains("LIVE SESSIONS"))
        #expect(text.contains("2 live agent sessions still use its authtokens and SSH keys (the API does not say whether deactivating ends them)"))
        #expect(text.hasSuffix("\n  ngrok-bots stop-sessions \(bot.id)"))
        let activated = RunbookReport.setActiveText(outcomes, active: true, liveSessions: [:])
        #expect(!activated.contains("LIVE") && !activated.contains("stop-sessions"))
        let unknown = RunbookReport.setActiveText(outcomes, active: false, liveSessions: [bot.id: .failure(RunbookError(.apiError, "boom"))])
        #expect(unknown.contains("could not be read: boom"))
    }

    @Test func anAmbiguousNameListsItsCandidatesWithWhatTellsThemApart() async throws {
        let setup = try await RunbookTests.Setup()
        let runbook = try setup.runbook()
        let bot = try #require(await RunbookTests.botWithCredentials(setup.server.simulator))
        let twin = await setup.server.simulator.insertBot(name: bot.name)
        do {
            _ = try await runbook.resolveBot(bot.name)
            Issue.record("a shared name was accepted")
        } catch {
            let lines = error.message.split(separator: "\n").map(String.init)
            #expect(lines[1].split(separator: " ", omittingEmptySubsequences: true)
                .elementsEqual(["ID", "STATE", "CREATED", "API", "KEYS", "AUTHTOKENS", "SSH", "KEYS"]))
            let owned = CredentialCounts(await setup.server.simulator.credentials(ownedBy: bot.id))
            let row = try #require(lines.first { $0.hasPrefix(bot.id) }).split(separator: " ").map(String.init)
            #expect(row.suffix(3) == [String(owned.apiKeys), String(owned.authtokens), String(owned.sshCredentials)])
            #expect(try #require(lines.first { $0.hasPrefix(twin.id) }).split(separator: " ").suffix(3) == ["0", "0", "0"])
        }
    }

    @Test func aBotThatIsNotThereIsNamedPlainly() async throws {
        let setup = try await RunbookTests.Setup()
        let runbook = try setup.runbook()
        for (text, start) in [("nope", "no bot nope ("), ("no such", "no bot \"no such\" ("), ("bot_nope", "no bot bot_nope: ")] {
            do {
                _ = try await runbook.resolveBot(text)
                Issue.record("\(text) was found")
            } catch {
                #expect(error.message.hasPrefix(start), "\(error.message)")
            }
        }
        for target in ["cr_short", "ts_cut", "service_32ELIFubEAAGUeRtreNW6kr9"] {
            await #expect(throws: RunbookError.self) { _ = try await runbook.sessions(named: target) }
            do { _ = try await runbook.sessions(named: target) } catch { #expect(error.status == .usage && error.message.contains("not a complete id")) }
        }
        do { _ = try await runbook.credentialOfBot("cr_short") } catch { #expect(error.message.contains("not a complete id")) }
    }
}
