import BotBrowser
import Foundation
import NgrokAPI
import Testing

@Suite("Reducer: an id in the filter is looked up on the server")
struct ReducerLookupTests {
    /// Launched a moment ago: the first page of bots is in, the leaked key's owner is not, and no
    /// credential list has started.
    static func early() -> AppState {
        var state = AppState(apiHost: "api.ngrok.com", now: Fixtures.now)
        _ = reduce(&state, .resized(Size(width: 120, height: 40)))
        _ = reduce(&state, .start)
        _ = reduce(&state, .botsPage(generation: state.loads.generation, [Fixtures.bots[0], Fixtures.bots[2]]))
        return state
    }

    static let leaked = Fixtures.credentials[4]  // an API key of k8s-ingress-prod (bots[1])
    static let owner = Fixtures.bots[1]

    @Test func aCompleteIDEmitsOneLookupWhileTypingAndEnterDoNot() {
        var state = Self.early()
        state.press("/")
        var effects = state.type(String(Self.leaked.id.dropLast()))
        #expect(!effects.contains { if case .lookUp = $0 { true } else { false } }, "an id still being typed is not asked for")
        effects = state.type(String(Self.leaked.id.last!))
        #expect(effects == [.lookUp(id: Self.leaked.id)])
        #expect(state.filterNote == "looking it up on the server…")
        #expect(state.press("<Enter>").isEmpty)
        #expect(state.ui.flash?.text == "Looking up \(Self.leaked.id) on the server…")
    }

    @Test func theAnswerAndItsOwnerAreMergedAndTheOwnerSelected() {
        var state = Self.early()
        state.press("/")
        state.type("  " + Self.leaked.id + " ")  // a paste with spaces around it
        state.press("<Enter>")
        let ask = reduce(&state, .lookupFinished(id: Self.leaked.id, .success(.credential(Self.leaked))))
        #expect(ask == [.lookUpOwner(id: Self.owner.id)], "the owner is not loaded yet, so it is asked for")
        let effects = reduce(&state, .lookupFinished(id: Self.owner.id, .success(.bot(Self.owner))))
        #expect(state.visibleIDs == [Self.owner.id])
        #expect(state.browser.selectedID == Self.owner.id)
        #expect(state.selectedCredentials.map(\.id) == [Self.leaked.id])
        #expect(state.selectedCredentials[state.browser.detailCursor].id == Self.leaked.id)
        #expect(state.ui.flash?.text == "API key \(Self.leaked.id) belongs to bot k8s-ingress-prod (\(Self.owner.id))")
        #expect(effects == [.loadOwnerCredentials(owner: Self.owner.id, generation: state.loads.generation)],
                "its other credentials come next, ahead of the full lists")
        // Its full list arrives: the cursor stays on the leaked key.
        let other = Fixtures.credential(.apiKey, 5, owner: Self.owner.id, "newer key")
        _ = reduce(&state, .ownerCredentials(generation: state.loads.generation, owner: Self.owner.id, .apiKey, [other, Self.leaked]))
        #expect(state.selectedCredentials[state.browser.detailCursor].id == Self.leaked.id)
    }

    @Test func aCredentialWhoseOwnerIsLoadedIsSelectedWithoutAskingAgain() {
        var state = Self.early()
        let key = Fixtures.credentials[0]  // owned by bots[0], already on screen
        state.press("/")
        state.type(key.id)
        let effects = reduce(&state, .lookupFinished(id: key.id, .success(.credential(key))))
        #expect(effects == [.loadOwnerCredentials(owner: Fixtures.bots[0].id, generation: state.loads.generation)])
        #expect(state.browser.selectedID == Fixtures.bots[0].id)
    }

    @Test func notFoundSaysSo() {
        var state = Self.early()
        state.press("/")
        state.type(Self.leaked.id)
        state.press("<Enter>")
        #expect(reduce(&state, .lookupFinished(id: Self.leaked.id, .success(.notFound))).isEmpty)
        #expect(state.ui.flash == Flash("No such credential in this account: \(Self.leaked.id)", .warning))
        #expect(state.visibleIDs.isEmpty)
    }

    @Test func aPersonsCredentialNamesTheOwner() {
        var state = Self.early()
        let personal = Fixtures.credentials[8]  // alice's laptop
        state.press("/")
        state.type(personal.id)
        state.press("<Enter>")
        #expect(reduce(&state, .lookupFinished(id: personal.id, .success(.credential(personal)))) == [.lookUpOwner(id: "usr_alice")])
        _ = reduce(&state, .lookupFinished(id: "usr_alice", .success(.notFound)))
        #expect(state.ui.flash?.text == "API key \(personal.id) is owned by a person, usr_alice, not a bot: no bot to deactivate")
        #expect(state.browser.selectedID == nil || state.browser.selectedID != "usr_alice")
    }

    @Test func aFailedLookupIsRetriedByEnter() {
        var state = Self.early()
        state.press("/")
        state.type(Self.leaked.id)
        state.press("<Enter>")
        let failure = NgrokError.transport(endpoint: "GET /api_keys/x", message: "timed out")
        _ = reduce(&state, .lookupFinished(id: Self.leaked.id, .failure(failure)))
        #expect(state.ui.flash?.level == .error)
        state.press("/")
        #expect(state.press("<Enter>") == [.lookUp(id: Self.leaked.id)])
    }

    @Test func anAnswerFromBeforeARefreshIsNotLost() {
        var state = Self.early()
        state.press("/")
        state.type(Self.leaked.id)
        state.press("<Enter>")
        _ = reduce(&state, .start)  // a refresh: a new load generation
        _ = reduce(&state, .lookupFinished(id: Self.leaked.id, .success(.credential(Self.leaked))))
        _ = reduce(&state, .lookupFinished(id: Self.owner.id, .success(.bot(Self.owner))))
        #expect(state.browser.selectedID == Self.owner.id)
        // The refreshed list ends without having reached the owner's page yet: the owner stays,
        // since the server itself answered for it during this load.
        _ = reduce(&state, .botsPage(generation: state.loads.generation, [Fixtures.bots[0]]))
        _ = reduce(&state, .listFinished(generation: state.loads.generation, .bots))
        #expect(state.bots[Self.owner.id] != nil)
    }

    @Test func aBotIDIsLookedUpToo() {
        var state = Self.early()
        state.press("/")
        #expect(state.type(Self.owner.id).last == .lookUp(id: Self.owner.id))
        _ = reduce(&state, .lookupFinished(id: Self.owner.id, .success(.bot(Self.owner))))
        #expect(state.browser.selectedID == Self.owner.id)
    }

    @Test func aFullyLoadedIDNeedsNoRequest() {
        var state = Fixtures.loaded()
        state.press("/")
        #expect(state.type(Self.leaked.id).isEmpty)
        #expect(state.browser.selectedID == Self.owner.id)
    }

    @Test func theBotListLoadsBeforeTheCredentialLists() {
        var state = AppState(apiHost: "api.ngrok.com", now: Fixtures.now)
        #expect(reduce(&state, .start) == [.load(.bots, generation: 1)])
        _ = reduce(&state, .botsPage(generation: 1, Fixtures.bots))
        let effects = reduce(&state, .listFinished(generation: 1, .bots))
        #expect(effects.filter { if case .load = $0 { true } else { false } } == CredentialKind.allCases.map { .load(.credentials($0), generation: 1) })
        #expect(effects.contains { if case .cacheBots(let bots) = $0 { bots.count == 5 } else { false } }, "the complete list is kept for the next launch")
    }

    @Test func anEmptyFilterResultSaysHowFarTheSearchHasGot() {
        var state = Self.early()
        state.loads.expectedBotCount = 10_000
        state.press("/")
        state.type("tokyo")
        #expect(state.filterNote == "searching 2 of 10,000 bots…")
        state.press("<Enter>")
        #expect(state.ui.flash?.text == "Searching 2 of 10,000 bots…")
        _ = reduce(&state, .botsPage(generation: state.loads.generation, [Fixtures.bots[1]]))
        #expect(state.ui.flash?.text == "Searching 3 of 10,000 bots…")
        _ = reduce(&state, .botsPage(generation: state.loads.generation, [Fixtures.bots[3]]))
        #expect(state.ui.flash?.text == "1 of 4 bots match \"tokyo\"")
    }
}

@Suite("Reducer: a description search asks the server while the lists load")
struct ReducerServerSearchTests {
    @Test func enterOnATextAsksEachCollectionOnceWhileTheListsLoad() {
        var state = ReducerLookupTests.early()
        state.press("/")
        #expect(state.type("leaked").isEmpty, "typing alone asks nothing")
        #expect(state.press("<Enter>") == [.searchCredentials("leaked")])
        state.press("/")
        #expect(state.press("<Enter>").isEmpty, "the same text is not asked twice")
        let owner = Fixtures.bots[0]
        let found = Fixtures.credential(.apiKey, 77, owner: owner.id, "leaked in a gist")
        _ = reduce(&state, .credentialsFound(query: "leaked", [found]))
        #expect(state.visibleIDs == [owner.id])
        #expect(state.ui.flash?.text == "1 of 2 bots match \"leaked\"")
    }

    @Test func loadedListsAndShortTextAskNothing() {
        var state = Fixtures.loaded()
        state.press("/")
        state.type("leaked")
        #expect(state.press("<Enter>").isEmpty)
        var early = ReducerLookupTests.early()
        early.press("/")
        early.type("ci")
        #expect(early.press("<Enter>").isEmpty)
    }
}

/// A leaked authtoken pasted early in a large account's load: its live sessions are asked at once,
/// so the deactivate dialog can offer to stop them before the full session list has come.
@Suite("Reducer: a looked-up authtoken's sessions are asked ahead of the full list")
struct SessionsAheadTests {
    @Test func aLeakedAuthtokensSessionsAreAskedAtOnceAndOfferedInTheDialog() throws {
        var state = ReducerLookupTests.early()
        let token = SessionFixtures.runnerToken  // ci-runner-eu-03's authtoken; the bot is on screen
        state.press("/")
        state.type(token.id)
        state.press("<Enter>")
        let effects = reduce(&state, .lookupFinished(id: token.id, .success(.credential(token))))
        #expect(effects.contains(.loadSessions(ofCredentials: [token.id])))
        let live = SessionFixtures.sessions.filter { $0.credentialID == token.id }
        _ = reduce(&state, .credentialSessionsLoaded(credentialIDs: [token.id], .success(live)))
        state.press("D")
        let dialog = try #require(state.top.confirmDialog)
        #expect(dialog.sessionsOffer?.sessions.map(\.id) == live.map(\.id))
    }

    @Test func anAPIKeyHasNoSessionsToAskFor() {
        var state = ReducerLookupTests.early()
        let key = Fixtures.credentials[0]
        state.press("/")
        state.type(key.id)
        let effects = reduce(&state, .lookupFinished(id: key.id, .success(.credential(key))))
        #expect(!effects.contains { if case .loadSessions = $0 { true } else { false } })
    }

    @Test func aFreshListForACredentialDropsItsEndedSessions() {
        var state = SessionFixtures.loaded()
        let token = SessionFixtures.runnerToken
        #expect(state.account.sessions.sessions(of: token.id).count == 2)
        _ = reduce(&state, .credentialSessionsLoaded(credentialIDs: [token.id], .success([SessionFixtures.sessions[0]])))
        #expect(state.account.sessions.sessions(of: token.id).map(\.id) == [SessionFixtures.sessions[0].id])
    }
}
