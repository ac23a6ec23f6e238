import BotBrowser
import Foundation
import NgrokAPI
import Testing

/// Issue 19, items 9 and 10: a dialog or a message never states partial knowledge as fact. A count
/// not known yet is `?` and says why; a delete asks the server what the bot owns and needs the
/// typed name until the server has just said it owns nothing; session counts are "at least" until
/// every credential's sessions are known, and "none live" only after a complete answer of this load.
@Suite("Dialogs: partial knowledge is never a fact")
struct PartialKnowledgeTests {
    let ci = Fixtures.bots[0]
    let empty = Fixtures.bots[4]

    func dialog(_ state: AppState) -> ConfirmDialog? {
        if case .confirm(let dialog) = state.top { return dialog }
        return nil
    }

    /// The bots are in; of the credential lists only the first authtoken page, one of ci-runner's.
    func loadingCredentials() -> AppState {
        var state = AppState(apiHost: "api.ngrok.com", now: Fixtures.now)
        _ = reduce(&state, .resized(Size(width: 120, height: 40)))
        _ = reduce(&state, .start)
        let generation = state.loads.generation
        _ = reduce(&state, .resourceResolved(.serviceUsers))
        _ = reduce(&state, .botsPage(generation: generation, Fixtures.bots))
        _ = reduce(&state, .listFinished(generation: generation, .bots))
        _ = reduce(&state, .credentialsPage(generation: generation, .authtoken, [SessionFixtures.runnerToken]))
        state.ui.flash = nil
        #expect(state.browser.selectedID == ci.id)
        return state
    }

    // MARK: Item 9: counts

    @Test func aDeactivateWhileTheListsLoadSaysQuestionMarkNotAPartialCount() throws {
        var state = loadingCredentials()
        state.press("D")
        let lines = try #require(dialog(state)).lines
        #expect(!lines.contains { $0.contains("Its 1 authtoken") }, "one authtoken loaded is not all of them: \(lines)")
        #expect(!lines.contains("It owns no credentials."))
        #expect(lines.contains("Every credential it owns stops working until it is activated again. Nothing is deleted."))
        #expect(lines.contains("  API keys: ? (still loading)"))
        #expect(lines.contains("  authtokens: ? (still loading; 1 so far)"))
        #expect(lines.contains("  SSH keys: ? (still loading)"))
    }

    @Test func aFailedListIsSaidAsSuch() throws {
        var state = loadingCredentials()
        _ = reduce(&state, .listFailed(generation: state.loads.generation, .credentials(.sshCredential),
                                       .transport(endpoint: "GET /ssh_credentials", message: "reset")))
        state.ui.flash = nil
        state.press("A")
        let lines = try #require(dialog(state)).lines
        #expect(lines.contains("Every credential it owns starts working again."))
        #expect(lines.contains("  SSH keys: ? (loading failed)"))
    }

    @Test func theBotsOwnListsMakeItsCountsWhole() throws {
        var state = loadingCredentials()
        let owned = Fixtures.credentials.filter { $0.ownerID == ci.id }
        for kind in CredentialKind.allCases {
            _ = reduce(&state, .ownerCredentials(generation: state.loads.generation, owner: ci.id, kind, owned.filter { $0.kind == kind }))
        }
        state.press("D")
        let lines = try #require(dialog(state)).lines
        #expect(lines.contains("Its 2 API keys, 1 authtoken and 1 SSH key stop working until it is activated again. Nothing is deleted."))
    }

    @Test func aBulkDialogIsAsUnsureAsItsLeastKnownBot() throws {
        var state = loadingCredentials()
        // k8s-ingress-prod's own lists are in; ci-runner's are not.
        let k8s = Fixtures.bots[1]
        for kind in CredentialKind.allCases {
            let owned = Fixtures.credentials.filter { $0.ownerID == k8s.id && $0.kind == kind }
            _ = reduce(&state, .ownerCredentials(generation: state.loads.generation, owner: k8s.id, kind, owned))
        }
        state.browser.marked = [ci.id, k8s.id]
        state.press("D")
        let lines = try #require(dialog(state)).lines
        #expect(!lines.contains { $0.hasPrefix("Their ") }, "\(lines)")
        #expect(lines.contains("Every credential they own stops working until activated again."))
        #expect(lines.contains("  API keys: ? (still loading; 1 so far)"))
        #expect(lines.contains("  authtokens: ? (still loading; 2 so far)"))
    }

    // MARK: Item 9: the delete dialog asks the server

    @Test func deletingABotWithNothingLoadedAsksTheServerAndNeedsTheNameUntilItAnswersNone() throws {
        var state = Fixtures.loaded()
        state.press("j", "j")
        #expect(state.browser.selectedID == empty.id)
        // The complete lists say it owns nothing, but they may be minutes old: the server is asked.
        #expect(state.press("d") == [.loadOwnerCredentials(owner: empty.id, generation: state.loads.generation), .lookUpOwner(id: empty.id)])
        var confirm = try #require(dialog(state))
        #expect(confirm.requiredText == "empty-bot")
        #expect(!confirm.lines.contains { $0.hasPrefix("It owns no credentials") })
        #expect(confirm.lines.contains { $0.hasPrefix("Asking the server what it owns") })
        // `y` is typed, not obeyed, while the answer is not in.
        #expect(state.press("y").isEmpty)
        _ = reduce(&state, .ownerCredentials(generation: state.loads.generation, owner: empty.id, .apiKey, []))
        _ = reduce(&state, .ownerCredentials(generation: state.loads.generation, owner: empty.id, .authtoken, []))
        confirm = try #require(dialog(state))
        #expect(confirm.requiredText == "empty-bot", "two kinds of three answered are not the whole answer")
        #expect(confirm.typed == "y", "what was typed stays")
        _ = reduce(&state, .ownerCredentials(generation: state.loads.generation, owner: empty.id, .sshCredential, []))
        confirm = try #require(dialog(state))
        #expect(confirm.requiredText == nil)
        #expect(confirm.lines.contains("It owns no credentials (the server's answer just now)."))
        #expect(state.press("y") == [.deleteBot(BotRef(empty), owned: CredentialCounts())])
    }

    @Test func aFailedQuestionSaysSoAndTheNameStillMustBeTyped() throws {
        var state = Fixtures.loaded()
        state.press("j", "j", "d")
        let refused = NgrokError.api(status: 503, code: nil, message: "unavailable", operationID: "op_9", endpoint: "GET /api_keys")
        _ = reduce(&state, .ownerCredentials(generation: state.loads.generation, owner: empty.id, .authtoken, []))
        _ = reduce(&state, .ownerCredentials(generation: state.loads.generation, owner: empty.id, .sshCredential, []))
        _ = reduce(&state, .ownerCredentialsFailed(generation: state.loads.generation, owner: empty.id, .apiKey, refused))
        let confirm = try #require(dialog(state))
        #expect(confirm.requiredText == "empty-bot", "what it owns is not known: the name is typed")
        #expect(state.ui.flash?.level == .warning)
        #expect(state.ui.flash?.text.contains("Could not ask the server for empty-bot's API keys") == true, "\(state.ui.flash?.text ?? "")")
        #expect(state.ui.flash?.text.contains("op_9") == true)
    }

    @Test func theServersAnswerCanRevealWhatTheListsMissed() throws {
        var state = Fixtures.loaded()
        state.press("j", "j", "d")
        let late = Fixtures.credential(.apiKey, 51, owner: empty.id, "created a minute ago")
        for kind in CredentialKind.allCases {
            _ = reduce(&state, .ownerCredentials(generation: state.loads.generation, owner: empty.id, kind, kind == .apiKey ? [late] : []))
        }
        let confirm = try #require(dialog(state))
        #expect(confirm.requiredText == "empty-bot")
        #expect(confirm.lines.contains("  1 API key"))
        #expect(confirm.lines.contains { $0.contains(late.id) && $0.contains("created a minute ago") })
        #expect(confirm.mutations == [.deleteBot(BotRef(empty), owned: CredentialCounts(apiKeys: 1))])
        state.type("empty-bot")
        #expect(state.press("<Enter>") == [.deleteBot(BotRef(empty), owned: CredentialCounts(apiKeys: 1))])
    }

    @Test func aDeleteWhileTheListsLoadSaysCheckingForWhatIsNotKnown() throws {
        var state = loadingCredentials()
        state.press("j", "j")  // empty-bot: nothing of it loaded
        let effects = state.press("d")
        #expect(effects == [.loadOwnerCredentials(owner: empty.id, generation: state.loads.generation), .lookUpOwner(id: empty.id)])
        let confirm = try #require(dialog(state))
        #expect(confirm.requiredText == "empty-bot")
        #expect(!confirm.lines.contains { $0.contains("owns no credentials") })
        #expect(confirm.lines.contains("  API keys: ? (checking\u{2026})"))
        #expect(confirm.lines.contains("  SSH keys: ? (checking\u{2026})"))
    }

    @Test func anotherBotsAnswerChangesNothing() throws {
        var state = Fixtures.loaded()
        state.press("j", "j", "d")
        for kind in CredentialKind.allCases {
            _ = reduce(&state, .ownerCredentials(generation: state.loads.generation, owner: ci.id, kind, []))
        }
        #expect(try #require(dialog(state)).requiredText == "empty-bot")
    }

    // MARK: Item 10: sessions

    /// ci-runner's authtoken and its two sessions are known; its SSH keys (and their sessions) are not.
    func sessionsOfOneCredential() -> AppState {
        var state = loadingCredentials()
        _ = reduce(&state, .credentialSessionsLoaded(credentialIDs: [SessionFixtures.runnerToken.id],
                                                     .success(Array(SessionFixtures.sessions.prefix(2)))))
        return state
    }

    @Test func aDeactivateSaysAtLeastWhileSomeCredentialsSessionsAreNotKnown() throws {
        var state = sessionsOfOneCredential()
        state.press("D")
        let lines = try #require(dialog(state)).lines
        #expect(lines.contains { $0.hasPrefix("At least 2 live agent sessions use its authtokens") }, "\(lines)")
        #expect(!lines.contains { $0.hasPrefix("2 live agent sessions") })
    }

    @Test func theWholeCountIsExactOnceEveryCredentialIsAnswered() throws {
        var state = SessionFixtures.loaded()
        state.press("D")
        let lines = try #require(dialog(state)).lines
        // On its authtoken and its SSH key: "its credentials".
        #expect(lines.contains { $0.hasPrefix("3 live agent sessions use its credentials") })
    }

    @Test func noneLiveIsSaidOnlyAfterACompleteAnswer() {
        var state = sessionsOfOneCredential()
        for session in SessionFixtures.sessions.prefix(2) {
            _ = reduce(&state, .tunnelSessionStopped(SessionRef(session, owner: BotRef(ci)), .success(())))
        }
        let text = state.ui.flash?.text ?? ""
        #expect(!text.contains("none of its sessions is live"), "its SSH key's sessions are not known: \(text)")
        #expect(text.contains("not known yet"))
        // With every list and the sessions of this load in, the last stop may say none is left.
        var whole = SessionFixtures.loaded()
        for session in SessionFixtures.sessions.prefix(3) {
            _ = reduce(&whole, .tunnelSessionStopped(SessionRef(session, owner: BotRef(ci)), .success(())))
        }
        #expect(whole.ui.flash?.text.hasSuffix("none of its sessions is live now") == true)
    }

    @Test func aStopWhileOthersAreNotKnownSaysAtLeast() {
        var state = sessionsOfOneCredential()
        _ = reduce(&state, .tunnelSessionStopped(SessionRef(SessionFixtures.sessions[0], owner: BotRef(ci)), .success(())))
        #expect(state.ui.flash?.text.hasSuffix("at least 1 of its sessions still live") == true, "\(state.ui.flash?.text ?? "")")
    }

    @Test func stopAllSaysMoreMayBeLive() throws {
        var state = sessionsOfOneCredential()
        state.press("K")
        let lines = try #require(dialog(state)).lines
        #expect(lines.contains { $0.hasPrefix("Only the sessions loaded so far: more may be live") })
    }

    @Test func aReloadMakesTheLastListCompleteButNotFresh() {
        var state = SessionFixtures.loaded()
        #expect(state.sessionsKnowledge(of: ci.id) == .fresh)
        state.press("r")
        // The bots and credentials of the new load, but not yet its sessions.
        _ = reduce(&state, .botsPage(generation: state.loads.generation, Fixtures.bots))
        for kind in CredentialKind.allCases {
            _ = reduce(&state, .credentialsPage(generation: state.loads.generation, kind, Fixtures.credentials.filter { $0.kind == kind }))
        }
        for target in LoadTarget.allCases { _ = reduce(&state, .listFinished(generation: state.loads.generation, target)) }
        #expect(state.sessionsKnowledge(of: ci.id) == .complete)
        // A bot whose complete lists of this load hold no authtoken or SSH key has no session to miss.
        #expect(state.sessionsKnowledge(of: empty.id) == .fresh)
    }
}
