import BotBrowser
import Foundation
import NgrokAPI
import NgrokSimulator
import Testing

/// Quitting while a bulk change is still queued behind the rate limit: what was never sent is
/// stopped, counted and audited as such, and stays unsent.
@Suite("Changes still queued when the program stops")
struct QueuedChangesTests {
    @Test func queuedChangesAreStoppedAuditedAsNotSentAndNeverReachTheServer() async throws {
        // Two requests per second: of five deactivations, two go out at once and three queue.
        let harness = try await Harness(bots: 5) {
            $0.resource = .botUsers
            $0.requestsPerWindow = 2
            $0.window = .seconds(1)
        }
        let bots = await harness.server.simulator.allBots()
        await harness.server.simulator.clearRequestLog()
        for bot in bots {
            harness.runner.run(.setActive(BotRef(bot), active: false, bulk: true))
        }
        var answered: [Action] = []
        while answered.count < 2 {
            answered += harness.takeResults()
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(harness.runner.stopQueuedMutations() == 3)
        #expect(await harness.runner.finishMutations(within: .seconds(5)) == 0)

        // Past the limiter's window the stopped ones get their slots, and still do not go out.
        try await Task.sleep(for: .milliseconds(1500))
        let patches = await harness.server.simulator.requestLog().filter { $0.method == "PATCH" }
        #expect(patches.count == 2)
        // Sent to /bot_users, so spelled bot_… on the wire; the simulator's bots are spelled as a client finds them.
        let patched = Set(patches.map { BotID.respell(String($0.path.split(separator: "/").last ?? ""), for: .serviceUsers) })
        let inactive = Set(await harness.server.simulator.allBots().filter { !$0.active }.map(\.id))
        #expect(inactive == patched.union(bots.filter { !$0.active }.map(\.id)))
        let lines = try harness.auditLines()
        #expect(lines.count == 5, "one line per change, none twice")
        #expect(lines.filter { $0["outcome"] as? String == "ok" }.count == 2)
        let notSent = lines.filter { $0["outcome"] as? String == "not-sent" }
        #expect(notSent.count == 3)
        let unsentIDs = Set(notSent.compactMap { $0["target_id"] as? String })
        #expect(unsentIDs.isDisjoint(with: patched))
        #expect(notSent.allSatisfy { $0["action"] as? String == "deactivate" })
    }
}
