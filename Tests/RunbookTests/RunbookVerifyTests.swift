import BotBrowser
import Foundation
import NgrokAPI
import NgrokSimulator
import Runbook
import Testing

/// Issue 20, item 3: `--verify` asks the server again after the change, as the TUI does.
@Suite("Runbook: contain, then verify")
struct RunbookVerifyTests {
    /// A bot with live sessions on its credentials.
    static func botWithSessions(_ simulator: Simulator) async -> BotUser? {
        let live = Set(await simulator.allTunnelSessions().map(\.credentialID))
        let owners = Set(await simulator.allCredentials().filter { live.contains($0.id) }.compactMap(\.ownerID))
        return await simulator.allBots().first { owners.contains($0.id) }
    }

    @Test func deactivatedButStillConnectedIsNotContainedUntilItsSessionsStop() async throws {
        let setup = try await RunbookTests.Setup(bots: 20)
        let runbook = try setup.runbook()
        let bot = try #require(await Self.botWithSessions(setup.server.simulator))
        _ = try await runbook.setActive([bot], active: false)
        let credentials = try await runbook.agentCredentialIDs(of: bot)

        // The simulator keeps agents running until they are stopped, as the API may.
        let first = try await runbook.verifyContainment(of: bot, credentialIDs: credentials, after: .zero)
        #expect(!first.isContained && first.botActive == false && !first.sessions.isEmpty)
        #expect(first.endpoints?.isEmpty == false, "their endpoints are still up too")
        let report = first.report(botName: bot.name, checkedAt: Date())
        #expect(report.hasPrefix("NOT contained (checked ") && report.contains("live session") && report.contains("live endpoint"), "\(report)")

        _ = try await runbook.stop(try await runbook.sessions(of: bot))
        let second = try await runbook.verifyContainment(of: bot, credentialIDs: credentials, after: .zero)
        #expect(second.isContained)
        #expect(second.report(botName: bot.name, checkedAt: Date()).contains("is inactive, 0 live sessions on its credentials, 0 endpoints"))
    }
}
