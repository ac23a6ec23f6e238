import BotBrowser
import Foundation
import NgrokAPI
import Testing

/// A rotation's new token is shown the moment the create answers, before the old credential's
/// delete is answered (issue 19, item 3), and only once.
@Suite("A rotation shows its new token before the delete")
struct RotationTokenTests {
    let ci = Fixtures.bots[0]

    func secrets(_ state: AppState) -> [SecretDisplay] {
        state.panes.layers.compactMap { if case .secret(let secret) = $0 { return secret } else { return nil } }
    }

    @Test func theTokenIsShownWhenTheCreateAnswersAndNotAgainWhenTheDeleteDoes() throws {
        var state = Fixtures.loaded()
        let old = Fixtures.credentials[0]
        var created = Fixtures.credential(.apiKey, 70, owner: ci.id, old.description)
        created.token = "tok_rotated_early"
        let mutation = Mutation.rotateCredential(old.withoutToken, owner: BotRef(ci), publicKey: nil)
        _ = reduce(&state, .rotationReplacementCreated(mutation, created))
        // The delete has not been answered: the secret is on screen already.
        #expect(secrets(state).map(\.secret) == ["tok_rotated_early"])
        #expect(state.ui.flash?.text.contains("deleting \(old.id)") == true)
        #expect(state.account.owner(ofCredential: old.id) == ci.id, "the old one is not gone until the server says so")

        _ = reduce(&state, .mutationFinished(mutation, .success(.rotated(created, oldDeleteError: nil))))
        #expect(secrets(state).count == 1, "shown once")
        #expect(state.account.owner(ofCredential: old.id) == nil)
        #expect(state.ui.flash?.text.contains("replaced by \(created.id)") == true)
    }

    @Test func aDeleteThatFailsAfterTheTokenWasShownSaysTheOldOneStillWorks() {
        var state = Fixtures.loaded()
        let old = Fixtures.credentials[0]
        var created = Fixtures.credential(.apiKey, 71, owner: ci.id, old.description)
        created.token = "tok_rotated_early"
        let mutation = Mutation.rotateCredential(old.withoutToken, owner: BotRef(ci), publicKey: nil)
        _ = reduce(&state, .rotationReplacementCreated(mutation, created))
        let lost = NgrokError.transport(endpoint: "DELETE", message: "no answer")
        _ = reduce(&state, .mutationFinished(mutation, .success(.rotated(created, oldDeleteError: lost))))
        #expect(secrets(state).count == 1)
        #expect(state.ui.flash?.level == .error && state.ui.flash?.text.contains("\(old.id) still works") == true)
    }

    @Test func aRotationWhoseCreateOutcomeIsUnknownReloadsAndDoesNotSayNothingWasCreated() {
        var state = Fixtures.loaded()
        let old = Fixtures.credentials[0]
        let mutation = Mutation.rotateCredential(old.withoutToken, owner: BotRef(ci), publicKey: nil)
        let unknown = NgrokError.outcomeUnknown(endpoint: "POST /api_keys", message: "HTTP 502")
        let effects = reduce(&state, .mutationFinished(mutation, .failure(unknown)))
        #expect(!effects.isEmpty, "reloads")
        #expect(state.ui.flash?.text.contains("was not created") == false)
        #expect(state.ui.flash?.text.contains("outcome unknown") == true)
        #expect(secrets(state).isEmpty)
    }

    /// Issue 19, item 2: what the client now reports for a gateway's 502 to a POST, or a 2xx cut
    /// short, must not reopen the create prompt (a second Enter would make a duplicate).
    @Test func aCreateWhoseOutcomeIsUnknownDoesNotReopenThePrompt() {
        var state = Fixtures.loaded()
        let unknown = NgrokError.outcomeUnknown(endpoint: "POST /service_users", message: "HTTP 502")
        let effects = reduce(&state, .botCreated(name: "deploy", .failure(unknown)))
        if case .prompt = state.top { Issue.record("the create prompt was reopened") }
        #expect(effects.contains(.load(.bots, generation: state.loads.generation)))
        #expect(state.ui.flash?.text.contains("outcome unknown") == true && state.ui.flash?.text.contains("reloading") == true)

        var refused = Fixtures.loaded()
        let no = NgrokError.api(status: 400, code: "ERR_NGROK_1", message: "bad name", operationID: nil, endpoint: "POST /service_users")
        _ = reduce(&refused, .botCreated(name: "deploy", .failure(no)))
        guard case .prompt = refused.top else { Issue.record("a refused create reopens its prompt to fix the name"); return }
    }

    @Test func theRunnerHandsTheReplacementOverBeforeTheDeletesAnswer() async throws {
        let harness = try await Harness()
        let simulator = harness.server.simulator
        let bots = await simulator.allBots()
        let old = try #require(await simulator.allCredentials().first { key in
            key.kind == .apiKey && bots.contains { BotID.key($0.id) == BotID.key(key.ownerID ?? "") }
        })
        let owner = try #require(bots.first { BotID.key($0.id) == BotID.key(old.ownerID ?? "") })
        await harness.runner.perform(.mutate(.rotateCredential(old.withoutToken, owner: BotRef(owner), publicKey: nil)))
        let results = harness.takeResults()
        guard results.count == 2, case .rotationReplacementCreated(_, let created) = results[0],
              case .mutationFinished(_, .success(.rotated(let finished, nil))) = results[1] else {
            Issue.record("expected the replacement, then the finished rotation: \(results)"); return
        }
        #expect(created.id == finished.id && created.token?.isEmpty == false)
    }
}
