import BotBrowser
@testable import BotBrowserEffects
import Foundation
import NgrokAPI
import NgrokSimulator
import Testing

/// The audit log's file (#19.14): a planted symlink, a FIFO, a second hard link or a directory
/// others can write is refused; a file the user named is never chmodded; each change is an attempt
/// line before the request and an outcome line after; a line that cannot be written is shown.
@Suite("The audit log's file")
struct AuditLogFileTests {
    /// A fresh directory of `mode` (created 0700, then changed).
    func directory(mode: mode_t = 0o700) throws -> String {
        let path = NSTemporaryDirectory() + "ngrok-bots-auditfile-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        chmod(path, mode)
        return path
    }

    func mode(_ path: String) -> mode_t {
        var status = stat()
        stat(path, &status)
        return status.st_mode & 0o777
    }

    func refusal(_ path: String, userNamed: Bool) -> String? {
        do {
            _ = try AuditLog(path: path, userNamed: userNamed)
            return nil
        } catch {
            return String(describing: error)
        }
    }

    @Test(arguments: [false, true])
    func aSymlinkAtThePathIsRefusedAndItsTargetIsLeftAlone(userNamed: Bool) throws {
        let directory = try directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let victim = directory + "/victim"
        try "precious\n".write(toFile: victim, atomically: false, encoding: .utf8)
        chmod(victim, 0o644)
        symlink(victim, directory + "/audit.jsonl")
        let refused = try #require(refusal(directory + "/audit.jsonl", userNamed: userNamed))
        #expect(refused.contains("symbolic link"))
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious\n", "nothing appended through the link")
        #expect(mode(victim) == 0o644, "and not chmodded")
    }

    @Test func aFIFOOrASecondHardLinkIsRefusedWithoutWaiting() throws {
        let directory = try directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        mkfifo(directory + "/fifo.jsonl", 0o600)
        #expect(refusal(directory + "/fifo.jsonl", userNamed: true)?.contains("not a regular file") == true)
        let mine = directory + "/notes"
        try "mine\n".write(toFile: mine, atomically: false, encoding: .utf8)
        link(mine, directory + "/linked.jsonl")
        #expect(refusal(directory + "/linked.jsonl", userNamed: true)?.contains("hard links") == true)
        #expect(try String(contentsOfFile: mine, encoding: .utf8) == "mine\n")
    }

    @Test func aFileTheUserNamedKeepsItsModeAndItsLines() throws {
        let directory = try directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let shared = directory + "/team-audit.jsonl"
        try "{\"earlier\":true}\n".write(toFile: shared, atomically: false, encoding: .utf8)
        chmod(shared, 0o660)
        let log = try AuditLog(path: shared, userNamed: true)
        try log.append(AuditEntry(time: "t", user: "u", apiHost: "h", action: "deactivate", targetID: "bot_1", targetName: "n", outcome: "ok"))
        #expect(mode(shared) == 0o660, "a team's shared log stays usable for the team")
        let lines = try String(contentsOfFile: shared, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2 && lines[0] == "{\"earlier\":true}")
        let created = directory + "/new.jsonl"
        _ = try AuditLog(path: created, userNamed: true)
        #expect(mode(created) == 0o600, "a file it creates is private")
    }

    @Test func aDirectoryOthersCanWriteIsRefusedForTheDefaultLocation() throws {
        let group = try directory(mode: 0o770)
        let anyone = try directory(mode: 0o777)
        defer {
            try? FileManager.default.removeItem(atPath: group)
            try? FileManager.default.removeItem(atPath: anyone)
        }
        #expect(refusal(group + "/audit.jsonl", userNamed: false)?.contains("can be written by others") == true)
        #expect(!FileManager.default.fileExists(atPath: group + "/audit.jsonl"))
        // A team's directory, named with --audit-log, may be shared with the group; not with anyone.
        #expect(refusal(group + "/audit.jsonl", userNamed: true) == nil)
        #expect(refusal(anyone + "/audit.jsonl", userNamed: true)?.contains("can be written by anyone") == true)
        // The default location's directory is created private.
        let fresh = NSTemporaryDirectory() + "ngrok-bots-auditfile-\(UUID().uuidString)/state/ngrok-bots"
        defer { try? FileManager.default.removeItem(atPath: parentDirectory(of: parentDirectory(of: fresh))) }
        #expect(refusal(fresh + "/audit.jsonl", userNamed: false) == nil)
        #expect(mode(fresh) == 0o700)
    }

    @Test func anAttemptLineIsOnDiskWhileTheRequestIsOutAndItsOutcomeFollows() async throws {
        var faults = FaultPlan()
        faults.latencyMs = 600
        let harness = try await Harness(bots: 3, faults: faults)
        let bot = try #require(await harness.server.simulator.allBots().first { $0.active })
        harness.runner.run(.setActive(BotRef(bot), active: false, bulk: false))
        var lines: [[String: Any]] = []
        for _ in 0..<100 where lines.isEmpty {
            try await Task.sleep(for: .milliseconds(10))
            lines = (try? harness.allAuditLines()) ?? []
        }
        // Killed now, the log would still say the deactivate was sent.
        #expect(lines.count == 1)
        let attempt = try #require(lines.first)
        #expect(attempt["phase"] as? String == "attempt" && attempt["action"] as? String == "deactivate")
        #expect(attempt["target_id"] as? String == bot.id)
        #expect(await harness.server.simulator.allBots().first { $0.id == bot.id }?.active == true, "not yet answered")
        #expect(await harness.runner.finishMutations(within: .seconds(5)) == 0)
        let all = try harness.allAuditLines()
        #expect(all.count == 2)
        #expect(all.last?["phase"] as? String == "outcome" && all.last?["outcome"] as? String == "ok")
        #expect(all.last?["change_id"] as? String == attempt["change_id"] as? String)
    }

    @Test func aLineThatCannotBeWrittenIsShownAndTheChangeStillGoesOut() async throws {
        let harness = try await Harness(bots: 3)
        var state = await harness.loadedState()
        let audit = try AuditLog(path: harness.auditPath + ".broken")
        // Every write to it now fails (EBADF), as a full disk or a removed mount would.
        let readOnly = open("/dev/null", O_RDONLY)
        dup2(readOnly, audit.fd)
        close(readOnly)
        let inbox = Inbox()
        let runner = EffectRunner(client: harness.client, audit: audit, user: "tester") { inbox.post($0) }
        let bot = try #require(state.bots.values.first { $0.active })
        await runner.perform(.setActive(BotRef(bot), active: false, bulk: false))
        #expect(await harness.server.simulator.allBots().first { $0.id == bot.id }?.active == false)
        let failures = inbox.take().compactMap { action -> String? in
            if case .auditWriteFailed(let message) = action { return message }
            return nil
        }
        #expect(failures.count == 2, "the attempt and the outcome")
        #expect(failures.first?.contains("deactivate \(bot.id) was sent") == true)
        #expect(failures.last?.contains("outcome of deactivate \(bot.id)") == true)
        #expect(failures.allSatisfy { $0.contains(".broken") })
        // In the terminal UI: the status line, as an error, and the ! log.
        _ = reduce(&state, .auditWriteFailed(try #require(failures.first)))
        #expect(state.ui.flash?.level == .error && state.ui.flash?.text.contains("Audit log not written") == true)
        #expect(state.ui.events.entries.last?.text.contains("Audit log not written") == true)
    }

    @Test func theTimelineShowsOneEntryPerChangeAndAnAttemptWithoutOutcomeAsSent() throws {
        func line(_ phase: String?, _ change: String?, _ action: String, _ outcome: String) -> String {
            let entry = AuditEntry(time: "2025-01-01T00:00:00Z", user: "u", apiHost: "h", action: action, targetID: "bot_1",
                                   targetName: "n", outcome: outcome, phase: phase, changeID: change)
            return String(decoding: try! JSONEncoder().encode(entry), as: UTF8.self)
        }
        let log = [line(nil, nil, "delete-bot", "ok"),  // written before attempts existed
                   line("attempt", "a", "deactivate", "pending"),
                   line("attempt", "b", "activate", "pending"),
                   line("outcome", "a", "deactivate", "ok"),
                   "{\"cut short",
                   line("attempt", "c", "delete-bot", "pending")].joined(separator: "\n")
        let timeline = AuditTimeline(log: Data(log.utf8))
        #expect(timeline.unreadable == 1)
        #expect(timeline.entries.map(\.action) == ["delete-bot", "activate", "deactivate", "delete-bot"])
        #expect(timeline.entries.map(\.outcomeText) == ["ok", "sent, outcome not recorded", "ok", "sent, outcome not recorded"])
    }
}
