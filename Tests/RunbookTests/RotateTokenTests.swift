import BotBrowser
import Foundation
import NgrokAPI
import NgrokSimulator
import Runbook
import Synchronization
import Testing

/// `rotate` hands the new token over as soon as the create answers, and an unknown outcome is not
/// reported as "not created" (issue 19, items 2 and 3).
extension RunbookTests {
    @Test func rotateHandsTheNewTokenOverBeforeTheDeleteIsAnswered() async throws {
        let (setup, runbook, found, owner) = try await keyToRotate()
        let simulator = setup.server.simulator
        // The delete fails: the token was handed over anyway, once, before the delete's answer.
        var deletesFail = FaultPlan()
        deletesFail.serverErrorEvery = 1
        deletesFail.faultMethods = ["DELETE"]
        deletesFail.maxFaults = 4
        await simulator.setFaults(deletesFail)
        let handed = Mutex<[Credential]>([])
        let outcome = try await runbook.rotate(found, owner: owner, publicKey: nil) { created in handed.withLock { $0.append(created) } }
        let seen = handed.withLock { $0 }
        #expect(seen.count == 1)
        #expect(seen.first?.id == outcome.replacement.id && seen.first?.token == outcome.replacement.token && seen.first?.token?.isEmpty == false)
        #expect(outcome.oldDeleteError != nil)
    }

    @Test func aRotationWhoseCreateIsAnsweredByAGatewayErrorIsNotSaidToHaveCreatedNothing() async throws {
        let (setup, runbook, found, owner) = try await keyToRotate()
        let simulator = setup.server.simulator
        var gateway = FaultPlan()
        gateway.serverErrorEvery = 1
        gateway.serverErrorStatus = 502
        gateway.faultMethods = ["POST"]
        await simulator.setFaults(gateway)
        let handed = Mutex(0)
        do {
            _ = try await runbook.rotate(found, owner: owner, publicKey: nil) { _ in handed.withLock { $0 += 1 } }
            Issue.record("a rotation whose create was not answered succeeded")
        } catch {
            #expect(error.status == .apiError)
            #expect(!error.message.contains("was not created"), "\(error.message)")
            #expect(error.message.contains("outcome unknown"), "\(error.message)")
            #expect(error.message.contains("\(found.id) was not deleted"), "\(error.message)")
        }
        #expect(handed.withLock { $0 } == 0)
        #expect(await simulator.allCredentials().contains { $0.id == found.id })
        #expect(await setup.requests("DELETE") == 0)
    }
}
