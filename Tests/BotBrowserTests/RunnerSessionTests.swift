import BotBrowser
import Foundation
import NgrokAPI
import NgrokSimulator
import Testing

@Suite("Effect runner: stopping live agent sessions on the simulator")
struct RunnerSessionTests {
    /// A loaded state with the cursor on a bot whose credentials hold live sessions.
    func selectBotWithSessions(_ harness: Harness, active: Bool = false) async throws -> (AppState, BotUser, Set<String>) {
        var state = await harness.loadedState()
        #expect(state.account.sessions.isKnown, "the sessions loaded after the lists")
        let target = try #require(state.visibleIDs.first { (state.sessionCount(of: $0) ?? 0) > 0 && (!active || state.bots[$0]!.active) })
        await harness.press(["g"], &state)
        while state.browser.selectedID != target { await harness.press(["j"], &state) }
        let owned = Set(state.account.credentials(of: target).map(\.id))
        return (state, state.bots[target]!, owned)
    }

    func liveSessions(_ harness: Harness, _ credentials: Set<String>) async -> [TunnelSession] {
        await harness.server.simulator.tunnelSessions(usingAnyOf: credentials)
    }

    @Test func stopTheSessionUnderTheCursor() async throws {
        let harness = try await Harness(bots: 30)
        var (state, bot, owned) = try await selectBotWithSessions(harness)
        let before = await liveSessions(harness, owned)
        #expect(before.count == state.sessionCount(of: bot.id))
        await harness.press(["<Enter>"], &state)
        for _ in 0..<40 where state.selectedSession == nil { await harness.press(["j"], &state) }
        let chosen = try #require(state.selectedSession)
        await harness.press(["S", "y"], &state)
        let after = await liveSessions(harness, owned)
        #expect(after.map(\.id) == before.map(\.id).filter { $0 != chosen.id })
        #expect(state.sessionCount(of: bot.id) == after.count)
        let line = try #require(try harness.auditLines().last)
        #expect(line["action"] as? String == "stop-session")
        #expect(line["target_id"] as? String == chosen.id)
        #expect(line["outcome"] as? String == "ok")
    }

    @Test func stopEverySessionOfTheBot() async throws {
        let harness = try await Harness(bots: 30)
        var (state, bot, owned) = try await selectBotWithSessions(harness)
        let count = await liveSessions(harness, owned).count
        await harness.press(["K", "y"], &state)
        #expect(await liveSessions(harness, owned).isEmpty)
        #expect(state.sessionCount(of: bot.id) == 0)
        let lines = try harness.auditLines()
        #expect(lines.count == count && lines.allSatisfy { $0["action"] as? String == "stop-session" && $0["outcome"] as? String == "ok" })
    }

    @Test func deactivateAndStopInOneStep() async throws {
        let harness = try await Harness(bots: 30)
        var (state, bot, owned) = try await selectBotWithSessions(harness, active: true)
        let count = await liveSessions(harness, owned).count
        await harness.press(["D", "t", "y"], &state)
        #expect(await harness.server.simulator.allBots().first { $0.id == bot.id }?.active == false)
        #expect(await liveSessions(harness, owned).isEmpty)
        let actions = try harness.auditLines().map { $0["action"] as? String }
        #expect(actions.first == "deactivate")
        #expect(actions.filter { $0 == "stop-session" }.count == count)
    }

    @Test func aSessionThatAlreadyEndedIsAuditedSo() async throws {
        let harness = try await Harness(bots: 30)
        var (state, _, owned) = try await selectBotWithSessions(harness)
        await harness.press(["K"], &state)
        // Ended on the server while the dialog was open.
        for session in await liveSessions(harness, owned) {
            var request = SimulatorRequest(method: "POST", path: "/tunnel_sessions/\(session.id)/stop",
                                           headers: ["Authorization": "Bearer \(Harness.apiKey)", "Ngrok-Version": "2"])
            request.body = Data("{}".utf8)
            _ = await harness.server.simulator.handle(request)
        }
        await harness.press(["y"], &state)
        let lines = try harness.auditLines()
        #expect(!lines.isEmpty && lines.allSatisfy { $0["outcome"] as? String == "already-gone" })
        #expect(state.ui.flash?.text.contains("already ended") == true)
    }
}
