import BotBrowser
import Foundation
import NgrokAPI
import NgrokSimulator
import Runbook
import Testing

/// `rotate` of the API key this program is using (`GET /self`, issue 20 item 2): it does not switch
/// to the new key, so it is refused (exit status 5) unless --allow-self-lockout, and says so.
extension RunbookTests {
    @Test func rotatingTheKeyInUseIsRefusedUnlessAllowedAndSaysItDoesNotSwitch() async throws {
        let setup = try await Setup(selfKeyOwnedByBot: true)
        let runbook = try setup.runbook()
        let me = try await setup.client.whoAmI()
        // The server's /self spells the owner bot_…; the key's owner is spelled as the bots are.
        #expect(me.apiKey.ownerID?.hasPrefix("service_") == true, "\(me.apiKey.ownerID ?? "")")
        let (own, _) = try await runbook.credentialOfBot(me.apiKey.id)
        do {
            _ = try await runbook.rotationOfOwnKey(own, allowed: false)
            Issue.record("rotating the key in use was not refused")
        } catch {
            #expect(error.status == .refused)
            #expect(error.message.contains("\(own.id) is the API key this program is using"), "\(error.message)")
            #expect(error.message.contains("does not switch this program to the new key") && error.message.contains("--allow-self-lockout"))
        }
        #expect(await setup.requests("POST") == 0 && setup.auditActions().isEmpty, "a refusal changes nothing")
        let note = try #require(try await runbook.rotationOfOwnKey(own, allowed: true))
        #expect(note.contains("does not switch this program to the new key") && note.contains("deletes \(own.id)"))
    }

    @Test func anotherKeyIsRotatedWithoutAWord() async throws {
        let (_, runbook, found, _) = try await keyToRotate()
        #expect(try await runbook.rotationOfOwnKey(found, allowed: false) == nil)
    }
}
