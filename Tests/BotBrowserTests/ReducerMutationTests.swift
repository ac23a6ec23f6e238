@testable import BotBrowser
import Foundation
import NgrokAPI
import Testing

@Suite("Reducer: changing the account")
struct ReducerMutationTests {
    let ci = Fixtures.bots[0]
    let k8s = Fixtures.bots[1]
    let serverError = NgrokError.api(status: 500, code: nil, message: "boom", operationID: "op_77", endpoint: "PATCH /service_users/x")

    func dialog(_ state: AppState) -> ConfirmDialog? {
        if case .confirm(let dialog) = state.top { return dialog }
        return nil
    }

    @Test func deactivateNamesTheBotAndWhatStopsWorking() throws {
        var state = Fixtures.loaded()
        #expect(state.press("D").isEmpty)
        let confirm = try #require(dialog(state))
        #expect(confirm.title == "Deactivate bot ci-runner-eu-03?")
        #expect(confirm.lines.contains { $0.contains("2 API keys, 1 authtoken and 1 SSH key stop working") })
        #expect(confirm.focus == .confirm)
        // The key that opened the dialog does not confirm it.
        #expect(state.press("D").isEmpty)
        #expect(dialog(state) != nil)
        let effects = state.press("y")
        #expect(effects == [.setActive(BotRef(ci), active: false, bulk: false)])
        #expect(state.bots[ci.id]?.active == true, "what the server last said, until it answers")
        #expect(state.changes.pending[ci.id] == "deactivating")
        _ = reduce(&state, .activeSet(BotRef(ci), active: false, .success(BotUser(id: ci.id, name: ci.name, active: false, createdAt: ci.createdAt)), bulk: false))
        #expect(state.bots[ci.id]?.active == false && state.changes.pending[ci.id] == nil)
    }

    @Test func aFailedDeactivateRollsBackAndShowsCodeAndOperation() {
        var state = Fixtures.loaded()
        state.press("D", "<Enter>")
        _ = reduce(&state, .activeSet(BotRef(ci), active: false, .failure(serverError), bulk: false))
        #expect(state.bots[ci.id]?.active == true)
        #expect(state.changes.pending[ci.id] == nil)
        #expect(state.ui.flash?.level == .error)
        #expect(state.ui.flash?.text.contains("op_77") == true)
        #expect(state.ui.flash?.text.contains("HTTP 500") == true)
    }

    @Test func anErrorOutlivesCursorMovesUntilEsc() {
        var state = Fixtures.loaded()
        _ = reduce(&state, .activeSet(BotRef(ci), active: false, .failure(serverError), bulk: false))
        state.press("j", "k", "<Enter>")
        #expect(state.ui.flash?.level == .error)
        state.press("<Esc>")
        #expect(state.ui.flash == nil)
    }

    @Test func theServersAnswerSettlesTheRow() {
        var state = Fixtures.loaded()
        state.press("D", "y")
        var answer = ci
        answer.active = false
        _ = reduce(&state, .activeSet(BotRef(ci), active: false, .success(answer), bulk: false))
        #expect(state.bots[ci.id]?.active == false)
        #expect(state.changes.pending[ci.id] == nil)
        #expect(state.ui.flash?.text == "Deactivated ci-runner-eu-03")
    }

    @Test func aRefreshThatReordersRowsDoesNotChangeTheDialogsTarget() throws {
        var state = Fixtures.loaded()
        state.press("D")
        // While the dialog is open, a refresh renames bots so the rows reorder under the cursor.
        _ = reduce(&state, .start)
        let reordered = Fixtures.bots.map { bot -> BotUser in
            var copy = bot
            copy.name = bot.id == ci.id ? "zzz-ci" : "aaa-" + bot.name
            return copy
        }
        _ = reduce(&state, .botsPage(generation: state.loads.generation, reordered))
        _ = reduce(&state, .listFinished(generation: state.loads.generation, .bots))
        state.press("<Down>", "j", "k") // keys meant for the list do nothing in the dialog
        let effects = state.press("y")
        #expect(effects == [.setActive(BotRef(ci), active: false, bulk: false)])
    }

    @Test func deleteListsTheCascadeStartsOnCancelAndNeedsTheName() throws {
        var state = Fixtures.loaded()
        state.press("d")
        let confirm = try #require(dialog(state))
        #expect(confirm.focus == .cancel)
        #expect(confirm.requiredText == "ci-runner-eu-03")
        #expect(confirm.lines.contains("  2 API keys"))
        #expect(confirm.lines.contains { $0.contains("deploy pipeline") })
        #expect(confirm.lines.contains("This cannot be undone."))
        // `d` and `y` are typed, not obeyed; Enter with a wrong name refuses.
        #expect(state.press("d", "y", "<Enter>").isEmpty)
        #expect(dialog(state)?.typed == "dy")
        #expect(state.ui.flash?.level == .warning)
        state.press("<Backspace>", "<Backspace>")
        state.type("ci-runner-eu-03")
        let effects = state.press("<Enter>")
        #expect(effects == [.deleteBot(BotRef(ci), owned: CredentialCounts(apiKeys: 2, authtokens: 1, sshCredentials: 1))])
        _ = reduce(&state, .botDeleted(BotRef(ci), .success(())))
        #expect(state.bots[ci.id] == nil)
        #expect(state.account.credentials(of: ci.id).isEmpty)
    }

    @Test func deleteAcceptsTheWordDeleteAndEnterOnNothingExplains() throws {
        var state = Fixtures.loaded()
        // Enter pressed twice neither deletes nor silently closes: it says what is needed.
        #expect(state.press("d", "<Enter>") == [.loadOwnerCredentials(owner: ci.id, generation: state.loads.generation), .lookUpOwner(id: ci.id)])
        #expect(dialog(state) != nil)
        #expect(state.ui.flash?.text.contains("Type the bot's name") == true)
        // Tab never lands on the disabled Delete button.
        state.press("<Tab>")
        #expect(try #require(dialog(state)).focus == .cancel)
        state.type("delete")
        #expect(state.press("<Enter>").count == 1)
    }

    @Test func deletingFromTheDetailPaneReturnsToTheList() {
        var state = Fixtures.loaded(size: Size(width: 80, height: 24))
        state.press("<Enter>", "d")
        state.type("delete")
        #expect(state.press("<Enter>").count == 1)
        #expect(state.top == .detail)
        _ = reduce(&state, .botDeleted(BotRef(ci), .success(())))
        // Not the detail of whichever bot took its row.
        #expect(state.top == .list)
        #expect(state.ui.flash?.text == "Deleted ci-runner-eu-03 and every credential it owned")
    }

    /// Once the server has said, since the dialog opened, that the bot owns nothing (issue 19, item 9).
    @Test func aBotWithoutCredentialsIsDeletedWithY() throws {
        var state = Fixtures.loaded()
        state.press("j", "j") // empty-bot
        func answerNothing() {
            for kind in CredentialKind.allCases {
                _ = reduce(&state, .ownerCredentials(generation: state.loads.generation, owner: Fixtures.bots[4].id, kind, []))
            }
        }
        state.press("d")
        answerNothing()
        let confirm = try #require(dialog(state))
        #expect(confirm.requiredText == nil)
        #expect(confirm.lines.contains("It owns no credentials (the server's answer just now)."))
        // Enter on the Cancel focus cancels.
        #expect(state.press("<Enter>").isEmpty)
        #expect(state.top == .list)
        // Each opening asks again: the last dialog's answer is not this one's.
        state.press("d")
        #expect(try #require(dialog(state)).requiredText == "empty-bot")
        answerNothing()
        #expect(state.press("y") == [.deleteBot(BotRef(Fixtures.bots[4]), owned: CredentialCounts())])
        _ = reduce(&state, .botDeleted(BotRef(Fixtures.bots[4]), .success(())))
        #expect(state.ui.flash?.text == "Deleted empty-bot (it owned no credentials)")
    }

    /// A bot deleted elsewhere has no credentials either: the delete dialog must not say it owns
    /// none; when the server says the bot is gone, the dialog closes and says so (found trying it).
    @Test func aDeleteDialogOfABotGoneElsewhereCloses() {
        var state = Fixtures.loaded()
        state.press("d")
        for kind in CredentialKind.allCases {
            _ = reduce(&state, .ownerCredentials(generation: state.loads.generation, owner: ci.id, kind, []))
        }
        _ = reduce(&state, .lookupFinished(id: ci.id, .success(.notFound)))
        #expect(state.top == .list)
        #expect(state.bots[ci.id] == nil)
        #expect(state.ui.flash?.text == "ci-runner-eu-03 is already gone from the server (deleted elsewhere): nothing to delete")
        // The bot answered as there: the dialog stays.
        var there = Fixtures.loaded()
        there.press("d")
        _ = reduce(&there, .lookupFinished(id: ci.id, .success(.bot(ci))))
        #expect(dialog(there) != nil)
    }

    @Test func deleteAnswered404MeansAlreadyGone() {
        var state = Fixtures.loaded()
        let gone = NgrokError.api(status: 404, code: "ERR_NGROK_404", message: "not found", operationID: "op_1", endpoint: "DELETE")
        _ = reduce(&state, .botDeleted(BotRef(ci), .failure(gone)))
        #expect(state.bots[ci.id] == nil)
        #expect(state.ui.flash?.text.contains("already gone") == true)
    }

    @Test func aFailedDeleteKeepsTheBot() {
        var state = Fixtures.loaded()
        _ = reduce(&state, .botDeleted(BotRef(ci), .failure(serverError)))
        #expect(state.bots[ci.id] != nil)
        #expect(state.ui.flash?.level == .error)
    }

    @Test func bulkDeactivateReportsPartialFailuresPerBot() throws {
        var state = Fixtures.loaded()
        state.press("<Space>", "j", "j", "<Space>") // ci-runner and k8s-ingress
        #expect(state.browser.marked == [ci.id, k8s.id])
        state.press("D")
        let confirm = try #require(dialog(state))
        #expect(confirm.title == "Deactivate 2 bots?")
        let effects = state.press("<Enter>")
        #expect(Set(effects) == [.setActive(BotRef(ci), active: false, bulk: true), .setActive(BotRef(k8s), active: false, bulk: true)])
        #expect(state.changes.bulk?.total == 2)
        var done = ci
        done.active = false
        _ = reduce(&state, .activeSet(BotRef(ci), active: false, .success(done), bulk: true))
        #expect(state.changes.bulk?.done == 1)
        _ = reduce(&state, .activeSet(BotRef(k8s), active: false, .failure(serverError), bulk: true))
        #expect(state.changes.bulk?.finished == true)
        #expect(state.ui.flash?.text.contains("Deactivated 1 of 2") == true)
        #expect(state.ui.flash?.text.contains("k8s-ingress-prod") == true)
        #expect(state.bots[k8s.id]?.active == true)
        // The one that worked is unmarked; the failed one stays marked for another try.
        #expect(state.browser.marked == [k8s.id])
    }

    @Test func readOnlyRefusesEveryMutation() {
        var state = Fixtures.loaded(readOnly: true)
        for key in ["d", "<Del>", "D", "A", "n", "e", "<Space>"] {
            #expect(state.press(key).isEmpty, "\(key)")
            #expect(state.top == .list)
        }
        for command in Command.allCases where command.isMutating {
            #expect(Reducer.run(&state, command).isEmpty)
            #expect(state.top == .list)
            // A mutating key says why it does nothing, instead of doing nothing silently.
            #expect(state.ui.flash?.text == "read-only: \(command.rawValue) is not available (started with --read-only)")
        }
        state.press("<Enter>")
        #expect(state.press("c").isEmpty)
        #expect(state.ui.flash?.text.hasPrefix("read-only: new-credential") == true)
        #expect(state.press("x").isEmpty)
        #expect(state.ui.flash?.text.hasPrefix("read-only: delete-credential") == true)
        #expect(state.top == .detail)
    }

    @Test func createBotValidatesTheNameAndReopensOnFailure() throws {
        var state = Fixtures.loaded()
        state.press("n", "<Enter>")
        guard case .prompt(let prompt) = state.top else {
            Issue.record("expected the prompt")
            return
        }
        #expect(prompt.error == "A name is required")
        state.type(String(repeating: "é", count: 128))
        state.press("<Enter>")
        guard case .prompt(let tooLong) = state.top else {
            Issue.record("expected the prompt to stay")
            return
        }
        #expect(tooLong.error?.contains("255 bytes") == true)
        state.press("<C-u>")
        state.type("new-bot")
        #expect(state.press("<Enter>") == [.createBot(name: "new-bot")])
        let quota = NgrokError.api(status: 400, code: "ERR_NGROK_7400", message: "too many", operationID: "op_2", endpoint: "POST")
        _ = reduce(&state, .botCreated(name: "new-bot", .failure(quota)))
        guard case .prompt(let again) = state.top else {
            Issue.record("the user's text must come back with the error")
            return
        }
        #expect(again.text == "new-bot")
        #expect(again.error?.contains("ERR_NGROK_7400") == true)
    }

    @Test func aCreateWithUnknownOutcomeReloads() {
        var state = Fixtures.loaded()
        let lost = NgrokError.outcomeUnknown(endpoint: "POST /service_users", message: "connection reset")
        let effects = reduce(&state, .botCreated(name: "x", .failure(lost)))
        #expect(effects.contains(.load(.bots, generation: state.loads.generation)))
        #expect(state.ui.flash?.text.contains("outcome unknown") == true)
    }

    @Test func renameIsPrefilledAndSent() {
        var state = Fixtures.loaded()
        state.press("e")
        state.press("<Backspace>", "<Backspace>")
        state.type("04")
        #expect(state.press("<Enter>") == [.renameBot(BotRef(ci), name: "ci-runner-eu-04")])
    }

    /// The API allows two bots one name; every later use of that name is then ambiguous, so the
    /// rename says so when it happens.
    @Test func aRenameToANameAnotherBotHasSaysSo() {
        var state = Fixtures.loaded()
        let other = Fixtures.bots[1]
        var renamed = ci
        renamed.name = other.name
        _ = reduce(&state, .mutationFinished(.renameBot(BotRef(ci), name: other.name), .success(.bot(renamed))))
        #expect(state.ui.flash?.level == .warning)
        #expect(state.ui.flash?.text == "\(ci.id) is now named \(other.name), as 1 other bot is: name it by its id (ngrok-bots refuses an ambiguous name, exit 4)")
    }

    @Test func aNewTokenIsShownOnceAndForgotten() {
        var state = Fixtures.loaded()
        state.press("<Enter>", "c", "k")
        state.type("deploy key")
        #expect(state.press("<Enter>") == [.createCredential(.apiKey, owner: BotRef(ci), description: "deploy key", publicKey: nil)])
        var created = Fixtures.credential(.apiKey, 50, owner: ci.id, "deploy key")
        created.token = "2sEcReTtOkEn_abcdefghijklmnopqrstuvwxyz"
        _ = reduce(&state, .credentialCreated(.apiKey, owner: BotRef(ci), .success(created)))
        guard case .secret(let secret) = state.top else {
            Issue.record("expected the one-time display")
            return
        }
        #expect(secret.secret == created.token)
        #expect(state.account.credentials(of: ci.id).allSatisfy { $0.token == nil })
        // Not copied: the first Enter asks once more, the second closes.
        state.press("<Enter>", "<Enter>")
        #expect(state.top == .detail)
        #expect(!String(describing: state).contains(created.token!))
    }

    @Test func sshKeysAreValidatedBeforeSending() {
        var state = Fixtures.loaded()
        state.press("<Enter>", "c", "s")
        state.type("not a key")
        #expect(state.press("<Enter>").isEmpty)
        state.press("<C-u>")
        let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGoodKeyData ops@host"
        state.type(key)
        #expect(state.press("<Enter>") == [.createCredential(.sshCredential, owner: BotRef(ci), description: "", publicKey: key)])
    }

    @Test func deleteCredentialConfirmsTheOneUnderTheCursor() throws {
        var state = Fixtures.loaded()
        state.press("<Enter>", "j", "j", "x")
        let confirm = try #require(dialog(state))
        let target = Fixtures.credentials[2]
        #expect(confirm.title == "Delete authtoken \(target.id)?")
        #expect(confirm.focus == .cancel)
        let ref = CredentialRef(id: target.id, kind: .authtoken, description: "runner agent", owner: BotRef(ci))
        #expect(state.press("y") == [.deleteCredential(ref)])
        _ = reduce(&state, .credentialDeleted(ref, .success(())))
        #expect(state.account.counts(of: ci.id).authtokens == 0)
    }

    /// A message longer than the status line is cut with the key that shows it whole, and the
    /// event log has it whole, even when it is only news; so does every change's outcome.
    @Test func aMessageTooLongForTheLineIsKeptWholeInTheLog() {
        var state = Fixtures.loaded(size: Size(width: 80, height: 24))
        let name = "build-agent-for-the-eu-west-production-cluster-number-" + String(repeating: "7", count: 20)
        _ = reduce(&state, .botCreated(name: name, .success(BotUser(id: "bot_000000000000000000000000042", name: name, active: true, createdAt: Fixtures.now))))
        let said = "Created bot \(name) (bot_000000000000000000000000042)"
        #expect(state.ui.flash?.text == said)
        #expect(state.ui.events.entries.last?.text == said && state.ui.events.entries.last?.level == .info)
        #expect(render(state, state.ui.screen).line(22).hasSuffix("… (! shows all)"))
        state.press("j")
        _ = reduce(&state, .botRenamed(BotRef(state.selectedBot!), name: "x", .success(BotUser(id: state.browser.selectedID!, name: "x", active: true, createdAt: Fixtures.now))))
        #expect(state.ui.flash?.text.hasPrefix("Renamed") == true && state.ui.events.entries.last?.text == state.ui.flash?.text)
        // Short news that is no change's outcome is not logged: the log is for what must not be lost.
        let logged = state.ui.events.entries.count
        state.press("/")
        state.type("ci")
        state.press("<Enter>")
        #expect(state.ui.flash?.level == .info && state.ui.flash?.text.contains("match") == true)
        #expect(state.ui.events.entries.count == logged)
    }
}
