@testable import BotBrowser
import Foundation
import NgrokAPI
import Testing

/// No wrong-target action: pastes are text, dialogs ignore keys typed before they could be read,
/// the filter's match is what `x` acts on, deactivate is never a toggle, and "no match" says
/// what it could not see.
@Suite("Safety: paste, dialog guard, matched credential, idempotent deactivate, honest answers")
struct SafetyTests {
    let ci = Fixtures.bots[0]
    let k8s = Fixtures.bots[1]
    let datadog = Fixtures.bots[2]

    func dialog(_ state: AppState) -> ConfirmDialog? {
        if case .confirm(let dialog) = state.top { return dialog }
        return nil
    }

    // MARK: Paste

    @Test func aPasteInTheListOpensTheFilterAndRunsNoCommand() {
        var state = Fixtures.loaded()
        let leaked = Fixtures.credentials[4].id // k8s-ingress-prod's "leaked key"
        // Without bracketing these characters would be keys: `a`, `y`, `n`, `d`… Pasted, they are text.
        let effects = reduce(&state, .paste("  \(leaked)\n", at: Fixtures.now))
        #expect(effects.isEmpty)
        #expect(state.top == .filter)
        #expect(state.browser.filterText == leaked)
        #expect(state.visibleIDs == [k8s.id])
        #expect(state.bots.values.allSatisfy { $0.id == datadog.id ? !$0.active : $0.active })
        #expect(reduce(&state, .paste("dy nay", at: Fixtures.now)).isEmpty)
        #expect(state.top == .filter)
    }

    @Test func aPasteNeverAnswersOrTypesIntoAConfirm() throws {
        var state = Fixtures.loaded()
        state.press("D")
        #expect(reduce(&state, .paste("y", at: nil)).isEmpty)
        #expect(dialog(state) != nil)
        #expect(state.ui.flash?.text.contains("Paste ignored") == true)
        state.press("<Esc>", "d")
        #expect(reduce(&state, .paste("ci-runner-eu-03", at: nil)).isEmpty)
        #expect(try #require(dialog(state)).typed == "")
        #expect(state.press("<Enter>").isEmpty)
    }

    @Test func aPasteIsTypedIntoAPromptOnOneLine() {
        var state = Fixtures.loaded()
        state.press("n")
        _ = reduce(&state, .paste("new-bot\n", at: nil))
        guard case .prompt(let prompt) = state.top else {
            Issue.record("expected the prompt")
            return
        }
        #expect(prompt.text == "new-bot")
    }

    @Test func aDialogIgnoresKeysThatArriveWithin150msOfOpening() {
        var state = Fixtures.loaded()
        let t0 = Fixtures.now
        #expect(reduce(&state, .key(KeyName(parse: "D")!, at: t0)).isEmpty)
        #expect(dialog(state) != nil)
        // The `y` of a key pressed twice, or of an unbracketed paste, arrives at once: ignored.
        #expect(reduce(&state, .key(KeyName(parse: "y")!, at: t0 + 0.05)).isEmpty)
        #expect(dialog(state) != nil)
        #expect(reduce(&state, .key(.enter, at: t0 + 0.149)).isEmpty)
        #expect(dialog(state) != nil)
        // Read, then answered.
        let effects = reduce(&state, .key(KeyName(parse: "y")!, at: t0 + 0.4))
        #expect(effects == [.setActive(BotRef(ci), active: false, bulk: false)])
    }

    @Test func aSecretOpenedByAResultIsNotClosedByAKeyAlreadyOnItsWay() {
        var state = Fixtures.loaded()
        state.press("<Enter>", "c", "k")
        state.type("ci key")
        _ = state.press("<Enter>")
        let created = Credential(id: "ak_new", kind: .apiKey, ownerID: ci.id, description: "ci key", createdAt: Fixtures.now,
                                 acl: [], publicKey: nil, token: "secret-token-value")
        _ = reduce(&state, .credentialCreated(.apiKey, owner: BotRef(ci), .success(created)))
        guard case .secret = state.top else {
            Issue.record("expected the secret")
            return
        }
        _ = reduce(&state, .key(.enter, at: Fixtures.now + 0.01))
        guard case .secret = state.top else {
            Issue.record("an Enter typed as the secret appeared closed it")
            return
        }
    }

    // MARK: The secret

    @Test func closingAnUncopiedSecretAsksOnceMoreAndYCopiesIt() {
        var state = Fixtures.loaded()
        let owner = BotRef(ci)
        let created = Credential(id: "ak_new", kind: .apiKey, ownerID: ci.id, description: "", createdAt: Fixtures.now,
                                 acl: [], publicKey: nil, token: "tok_123")
        _ = reduce(&state, .credentialCreated(.apiKey, owner: owner, .success(created)))
        state.press("<Enter>")
        guard case .secret = state.top else {
            Issue.record("closed without asking")
            return
        }
        #expect(state.ui.flash?.text.contains("Not copied yet") == true)
        state.press("<Enter>")
        #expect(state.top == .list)

        _ = reduce(&state, .credentialCreated(.apiKey, owner: owner, .success(created)))
        #expect(state.press("y") == [.copyToClipboard("tok_123")])
        state.press("<Esc>")
        #expect(state.top == .list)
    }

    // MARK: The matched credential

    @Test func theFiltersMatchIsTheCredentialUnderTheCursor() throws {
        var state = Fixtures.loaded()
        let matched = Fixtures.credentials[5] // k8s-ingress-prod's authtoken, not its first credential
        state.press("/")
        state.type(matched.id)
        state.press("<Enter>", "<Enter>")
        #expect(state.top == .detail)
        #expect(state.selectedCredentials[state.browser.detailCursor].id == matched.id)
        state.press("x")
        let confirm = try #require(dialog(state))
        #expect(confirm.mutations == [.deleteCredential(CredentialRef(id: matched.id, kind: .authtoken, description: "ingress agent",
                                                                     owner: BotRef(k8s)))])
        #expect(confirm.title.contains(matched.id))
        #expect(confirm.lines.contains("ingress agent"))
        #expect(confirm.lines.contains { $0.contains(k8s.name) && $0.contains(k8s.id) })
    }

    @Test func theMatchAndTheCursorLookDifferent() {
        var state = Fixtures.loaded(size: Size(width: 120, height: 40), display: DisplayOptions(color: false, ascii: true))
        let matched = Fixtures.credentials[5]
        state.press("/")
        state.type(matched.id)
        state.press("<Enter>", "<Enter>", "k")
        let text = render(state, state.ui.screen).lines
        // The detail pane is on the right; the list's row of the bot also names the match.
        let cursorRow = text.last { $0.contains(Fixtures.credentials[4].id) } ?? ""
        let matchRow = text.last { $0.contains(matched.id) } ?? ""
        #expect(cursorRow.contains("> ") && !cursorRow.contains("#"))
        #expect(matchRow.contains(" # ") && !matchRow.contains(">"))
    }

    // MARK: Deactivate and activate

    /// Local state (or the last run's cache) may be stale: someone re-activated the bot since.
    /// A confirmed deactivate is always sent; the PATCH is idempotent and the server decides.
    @Test func deactivatingABotShownInactiveIsSentAnyway() throws {
        var state = Fixtures.loaded()
        state.press("j") // datadog-sync, inactive here
        #expect(state.selectedName == "datadog-sync")
        state.press("D")
        let confirm = try #require(dialog(state))
        #expect(confirm.lines.contains { $0.contains("sent anyway") })
        // `D` then `y`, the incident recipe, can only ever deactivate.
        #expect(state.press("y") == [.mutate(.setActive(BotRef(datadog), active: false, bulk: false))])
    }

    @Test func activateStartsOnCancel() throws {
        var state = Fixtures.loaded()
        state.press("j")
        state.press("A")
        let confirm = try #require(dialog(state))
        #expect(confirm.focus == .cancel)
        #expect(confirm.title == "Activate bot datadog-sync?")
        #expect(state.press("<Enter>").isEmpty)
        #expect(state.top == .list)
        #expect(state.press("A", "y") == [.setActive(BotRef(datadog), active: true, bulk: false)])
        state.press("k")
        state.press("A")
        #expect(try #require(dialog(state)).lines.contains { $0.contains("sent anyway") }, "shown active, activated anyway")
    }

    @Test func deactivateActsOnTheMarkedBotsWhenAnyAreMarked() throws {
        var state = Fixtures.loaded()
        state.press("G", "<Space>") // 集成-tokyo-01
        state.press("g")
        state.press("D")
        let confirm = try #require(dialog(state))
        #expect(confirm.mutations == [.setActive(BotRef(Fixtures.bots[3]), active: false, bulk: false)])
    }

    // MARK: Bulk

    @Test func starMarksNameMatchesFirstAndTheBulkDialogSaysWhyEachIsThere() throws {
        var state = Fixtures.loaded()
        state.press("/")
        state.type("sync")
        state.press("<Enter>")
        // datadog-sync by its name; ci-runner-eu-03 only by its "nightly sync" key.
        #expect(Set(state.visibleIDs) == [ci.id, datadog.id])
        state.press("*")
        #expect(state.browser.marked == [datadog.id])
        #expect(state.ui.flash?.text.contains("1 shown only because a credential matched") == true)
        state.press("*")
        #expect(state.browser.marked == [ci.id, datadog.id])
        state.press("D")
        let confirm = try #require(dialog(state))
        #expect(confirm.title == "Deactivate 2 bots?", "datadog-sync is shown inactive, and is sent too")
        #expect(confirm.lines.contains { $0.contains("ci-runner-eu-03") && $0.contains("via credential") && $0.contains("nightly sync") })
        state.press("<Esc>", "u")
        #expect(state.ui.flash?.text == "Unmarked 2 bots")
    }

    @Test func aLongBulkDialogScrollsAndNamesEveryBot() throws {
        var state = AppState(apiHost: "h", now: Fixtures.now)
        _ = reduce(&state, .resized(Size(width: 80, height: 24)))
        _ = reduce(&state, .start)
        let many = (1...40).map { Fixtures.bot(100 + $0, String(format: "bulk-%02d", $0)) }
        _ = reduce(&state, .botsPage(generation: state.loads.generation, many))
        state.press("*", "D")
        var confirm = try #require(dialog(state))
        for bot in many { #expect(confirm.lines.contains { $0.contains(bot.name) }) }
        let first = render(state, state.ui.screen).text
        #expect(first.contains("bulk-01") && !first.contains("bulk-40"))
        #expect(first.contains("below: Up/Down scroll"))
        for _ in 0..<60 { state.press("<Down>") }
        confirm = try #require(dialog(state))
        #expect(confirm.scroll > 0)
        #expect(render(state, state.ui.screen).text.contains("bulk-40"))
    }

    // MARK: Honest answers

    @Test func noMatchWhileAListFailedSaysSo() {
        var state = AppState(apiHost: "h", now: Fixtures.now)
        _ = reduce(&state, .resized(Size(width: 120, height: 40)))
        _ = reduce(&state, .start)
        let generation = state.loads.generation
        _ = reduce(&state, .botsPage(generation: generation, Fixtures.bots))
        _ = reduce(&state, .listFinished(generation: generation, .bots))
        let boom = NgrokError.api(status: 500, code: nil, message: "boom", operationID: "op_9", endpoint: "GET /credentials")
        _ = reduce(&state, .listFailed(generation: generation, .credentials(.authtoken), boom))
        state.press("/")
        state.type("a description nobody wrote")
        #expect(state.visibleIDs.isEmpty)
        #expect(state.searchCaveat?.contains("authtokens failed to load") == true)
        #expect(state.searchCaveat?.contains("press r to retry") == true)
        #expect(state.searchCaveat?.contains("API keys, SSH keys still loading") == true)
        state.press("<Enter>")
        #expect(state.ui.flash?.level == .warning)
        #expect(state.ui.flash?.text.contains("No match so far") == true)
        #expect(render(state, state.ui.screen).text.contains("authtokens failed to load"))
        // An id does not depend on the lists at all: it is asked of the server directly.
        state.press("/", "<C-u>")
        #expect(state.type(Fixtures.credentials[6].id).contains(.lookUp(id: Fixtures.credentials[6].id)))
    }

    @Test func noMatchWhileBotsAreLoadingSaysHowManyWereSearched() {
        var state = AppState(apiHost: "h", now: Fixtures.now)
        _ = reduce(&state, .resized(Size(width: 120, height: 40)))
        _ = reduce(&state, .start)
        _ = reduce(&state, .botsPage(generation: state.loads.generation, Array(Fixtures.bots.prefix(3))))
        state.press("/")
        state.type("nothing-like-this")
        #expect(state.searchCaveat?.hasPrefix("3 bots loaded so far") == true)
    }

    @Test func aCountNotYetKnownIsAQuestionMark() {
        var state = AppState(apiHost: "h", now: Fixtures.now)
        _ = reduce(&state, .resized(Size(width: 120, height: 40)))
        _ = reduce(&state, .start)
        _ = reduce(&state, .botsPage(generation: state.loads.generation, Fixtures.bots))
        #expect(state.knownCount(of: ci.id, .apiKey) == nil)
        #expect(render(state, state.ui.screen).text.contains("API keys (?, loading)"))
        let keys = Fixtures.credentials.filter { $0.ownerID == ci.id && $0.kind == .apiKey }
        _ = reduce(&state, .ownerCredentials(generation: state.loads.generation, owner: ci.id, .apiKey, keys))
        #expect(state.knownCount(of: ci.id, .apiKey) == 2)
        #expect(state.knownCount(of: ci.id, .authtoken) == nil)
    }

    @Test func aCredentialOwnedByAPersonNamesItsOwner() {
        var state = Fixtures.loaded()
        state.press("/")
        state.type(Fixtures.credentials[8].id)
        #expect(state.visibleIDs.isEmpty)
        #expect(state.personOwnedMatch?.owner == "usr_alice")
        #expect(render(state, state.ui.screen).text.contains("usr_alice"))
        state.press("<Enter>")
        // The server confirms: the owner is not a bot.
        let credential = Fixtures.credentials[8]
        let next = reduce(&state, .lookupFinished(id: credential.id, .success(.credential(credential))))
        #expect(next == [.lookUpOwner(id: "usr_alice")])
        _ = reduce(&state, .lookupFinished(id: "usr_alice", .success(.notFound)))
        #expect(state.ui.flash?.text.contains("owned by a person, usr_alice") == true)
    }

    @Test func filterTextIsTrimmedAndFingerprintsAreSearchable() throws {
        var state = Fixtures.loaded()
        state.press("/")
        state.type("  k8s-ingress ")
        #expect(state.visibleIDs == [k8s.id])
        state.press("<C-u>")
        let key = try #require(Fixtures.credentials[3].publicKey)
        state.type(try #require(SSHFingerprint.sha256(publicKey: key)))
        #expect(state.visibleIDs == [ci.id])
    }

    // MARK: Errors that stay

    @Test func everyErrorGoesToTheEventLogWithStatusCodeAndOperation() {
        var state = Fixtures.loaded()
        let error = NgrokError.api(status: 503, code: "ERR_NGROK_500", message: "down", operationID: "op_42", endpoint: "PATCH /bot")
        _ = reduce(&state, .activeSet(BotRef(ci), active: false, .failure(error), bulk: false))
        state.press("<Esc>")
        #expect(state.ui.flash == nil)
        let entry = state.ui.events.entries.last
        #expect(entry?.status == 503 && entry?.code == "ERR_NGROK_500" && entry?.operationID == "op_42")
        state.press("!")
        #expect(state.top == .log(scroll: 0))
        let screen = render(state, state.ui.screen).text
        #expect(screen.contains("op_42") && screen.contains("HTTP 503"))
        state.press("<Esc>")
        #expect(state.top == .list)
    }

    // MARK: Drawing

    @Test func theHintLineNeverEndsMidWord() {
        let state = Fixtures.loaded(size: Size(width: 60, height: 16))
        let hints = render(state, state.ui.screen).lines.last ?? ""
        let full = render(Fixtures.loaded(size: Size(width: 300, height: 40)), Size(width: 300, height: 40)).lines.last ?? ""
        let shown = hints.trimmingCharacters(in: .whitespaces)
        #expect(shown.hasSuffix("…"), "some hints were left out, and the line says so")
        // Each hint shown is a whole one of the full line (some are left out between them).
        let kept = shown.dropLast().components(separatedBy: "  ").filter { !$0.isEmpty }
        #expect(!kept.isEmpty)
        #expect(kept.allSatisfy { full.contains(" " + $0 + "  ") }, "\(kept)")
    }

    @Test func theFilterStaysVisibleInANarrowHeader() {
        var state = Fixtures.loaded(size: Size(width: 80, height: 24))
        state.press("/")
        state.type("k8s")
        state.press("<Enter>")
        let top = render(state, state.ui.screen).lines.first ?? ""
        #expect(top.contains("filter: k8s"))
        #expect(top.contains("5 bots"))
    }

    @Test func aNonUTF8TerminalGetsQuestionMarksInTheSameColumns() {
        let plain = Fixtures.loaded(display: DisplayOptions(asciiText: true))
        let screen = render(plain, plain.ui.screen)
        #expect(screen.lines.allSatisfy { line in line.unicodeScalars.allSatisfy(\.isASCII) })
        let unicode = render(Fixtures.loaded(), plain.ui.screen)
        let row = unicode.lines.firstIndex { $0.contains("集成-tokyo-01") }!
        #expect(screen.lines[row].contains("????-tokyo-01"))
        #expect(screen.lines[row].count == 120)
    }

    @Test func auditNamesShareOneStyle() {
        #expect(CredentialKind.apiKey.auditName == "api-key")
        #expect(CredentialKind.sshCredential.auditName == "ssh-credential")
    }

    // MARK: Rotation and copying ids

    @Test func rotateNamesTheCredentialAndItsOwnerAndStartsOnCancel() throws {
        var state = Fixtures.loaded()
        let key = Fixtures.credentials[1] // ci-runner's "nightly sync" key, second in its detail
        state.press("<Enter>", "j", "R")
        let confirm = try #require(dialog(state))
        #expect(confirm.title == "Rotate API key \(key.id)?")
        #expect(confirm.focus == .cancel)
        #expect(confirm.lines.contains("nightly sync"))
        #expect(confirm.lines.contains { $0.contains(ci.name) && $0.contains(ci.id) })
        #expect(state.press("<Enter>").isEmpty)
        let effects = state.press("R", "y")
        #expect(effects == [.rotateCredential(key, owner: BotRef(ci), publicKey: nil)])
    }

    @Test func aRotationShowsTheNewSecretAndSaysWhatBecameOfTheOld() throws {
        var state = Fixtures.loaded()
        let old = Fixtures.credentials[0]
        let ref = CredentialRef(id: old.id, kind: .apiKey, description: old.description, owner: BotRef(ci))
        var created = Fixtures.credential(.apiKey, 70, owner: ci.id, old.description)
        created.token = "tok_rotated"
        _ = reduce(&state, .credentialRotated(ref, replacement: .success(created), oldDeleted: .success(())))
        guard case .secret(let secret) = state.top else {
            Issue.record("expected the new secret")
            return
        }
        #expect(secret.secret == "tok_rotated")
        #expect(state.account.owner(ofCredential: old.id) == nil && state.account.owner(ofCredential: created.id) == ci.id)
        #expect(state.ui.flash?.text.contains("replaced by \(created.id)") == true)
        #expect(state.selectedCredentials[state.browser.detailCursor].id == created.id, "the cursor is on the replacement")
        // Closing the secret says again what became of the old key, said behind the pane.
        state.press("<Enter>", "<Enter>")
        #expect(state.top != .secret(secret))
        #expect(state.ui.flash?.text.hasPrefix("The secret is no longer shown anywhere. Rotated \(old.id): replaced by \(created.id)") == true,
                "\(state.ui.flash?.text ?? "")")

        var again = Fixtures.loaded()
        let boom = NgrokError.api(status: 500, code: nil, message: "boom", operationID: "op_5", endpoint: "DELETE")
        _ = reduce(&again, .credentialRotated(ref, replacement: .success(created), oldDeleted: .failure(boom)))
        #expect(again.account.owner(ofCredential: old.id) == ci.id)
        #expect(again.ui.flash?.level == .error && again.ui.flash?.text.contains("\(old.id) still works") == true)

        var failed = Fixtures.loaded()
        _ = reduce(&failed, .credentialRotated(ref, replacement: .failure(boom), oldDeleted: nil))
        #expect(failed.ui.flash?.text.contains("nothing was deleted") == true)
        #expect(failed.account.owner(ofCredential: old.id) == ci.id)
    }

    @Test func yCopiesTheIdUnderTheCursorNeverAToken() {
        var state = Fixtures.loaded()
        #expect(state.press("y") == [.copyToClipboard(ci.id)])
        #expect(state.press("<Enter>", "j", "y") == [.copyToClipboard(Fixtures.credentials[1].id)])
        var readOnly = Fixtures.loaded(readOnly: true)
        #expect(readOnly.press("y") == [.copyToClipboard(ci.id)])
    }

    // MARK: The command table

    @Test func everyCommandsRequirementsAreCheckedInOnePlace() {
        var empty = AppState(apiHost: "h", now: Fixtures.now)
        for command in Command.allCases where command.traits.target != .none {
            #expect(Reducer.run(&empty, command).isEmpty, "\(command)")
            #expect(empty.ui.flash?.text == "No bot selected", "\(command)")
            #expect(empty.top == .list)
        }
        var state = Fixtures.loaded()
        state.press("j", "j", "<Enter>") // empty-bot owns nothing
        for command in Command.allCases where command.traits.target == .credential {
            #expect(Reducer.run(&state, command).isEmpty)
            #expect(state.ui.flash?.text == "empty-bot owns no credentials")
        }
        // Marked bots are a target of their own: D works with nothing selected.
        #expect(Command.deactivate.disabledReason(in: Fixtures.loaded()) == nil)
        #expect(Command.deleteBot.disabledReason(in: Fixtures.loaded(readOnly: true))?.hasPrefix("read-only") == true)
    }
}
