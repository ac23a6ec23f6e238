import BotBrowser
@testable import BotBrowserEffects
import Foundation
import NgrokAPI
import Runbook
import Synchronization
import Testing

/// A runbook command whose audit line cannot be written says so (a warning, stderr by default),
/// and the change it was asked for still happens (#19.14).
@Suite("Runbook: a failed audit write")
struct RunbookAuditTests {
    @Test func aFailedAuditWriteIsAWarningNotSilence() async throws {
        let setup = try await RunbookTests.Setup()
        let audit = try AuditLog(path: setup.auditPath)
        let readOnly = open("/dev/null", O_RDONLY)
        dup2(readOnly, audit.fd)  // every write now fails, as on a full disk
        close(readOnly)
        let warnings = Mutex<[String]>([])
        let runbook = Runbook(client: setup.client, audit: audit) { message in warnings.withLock { $0.append(message) } }
        let bot = try #require(await setup.server.simulator.allBots().first { $0.active })
        let outcome = try await runbook.setActive([bot], active: false)
        #expect(outcome.map(\.changed) == [true])
        #expect(await setup.server.simulator.allBots().first { $0.id == bot.id }?.active == false)
        let said = warnings.withLock { $0 }
        #expect(said.count == 2, "the attempt line and the outcome line")
        #expect(said.allSatisfy { $0.contains("Audit log not written") && $0.contains(bot.id) })
    }
}
