import BotBrowser
import Foundation
import NgrokAPI
import Testing

@Suite("Reducer: navigation, filter, sort, marks")
struct ReducerNavigationTests {
    @Test func listIsSortedByNameAndSelectionStartsAtTheTop() {
        let state = Fixtures.loaded()
        #expect(state.visibleIDs.map { state.bots[$0]!.name } == ["ci-runner-eu-03", "datadog-sync", "empty-bot", "k8s-ingress-prod", "集成-tokyo-01"])
        #expect(state.selectedName == "ci-runner-eu-03")
    }

    @Test func movingClampsAtBothEnds() {
        var state = Fixtures.loaded()
        state.press("k")
        #expect(state.selectedName == "ci-runner-eu-03")
        state.press("G")
        #expect(state.selectedName == "集成-tokyo-01")
        state.press("j", "<Down>")
        #expect(state.selectedName == "集成-tokyo-01")
        state.press("g", "j", "j")
        #expect(state.selectedName == "empty-bot")
        state.press("<PgDn>")
        #expect(state.selectedName == "集成-tokyo-01")
        state.press("<C-u>")
        #expect(state.selectedName == "ci-runner-eu-03")
    }

    @Test func filterFindsTheOwnerOfALeakedCredentialID() {
        var state = Fixtures.loaded()
        let leaked = Fixtures.credentials[4].id
        state.press("/")
        state.type(leaked.uppercased())
        #expect(state.visibleIDs == [Fixtures.bots[1].id])
        #expect(state.selectedName == "k8s-ingress-prod")
        #expect(state.matchNotes[Fixtures.bots[1].id]?.contains("leaked key") == true)
        state.press("<Enter>")
        #expect(state.top == .list)
        #expect(state.browser.filterText.count == leaked.count)
        state.press("<Esc>")
        #expect(state.browser.filterText.isEmpty)
        #expect(state.visibleIDs.count == 5)
        #expect(state.selectedName == "k8s-ingress-prod")
    }

    @Test func filterMatchesNameIdAndDescriptionAndEscClearsIt() {
        var state = Fixtures.loaded()
        state.press("/")
        state.type("SYNC")
        // datadog-sync by name, ci-runner by its "nightly sync" key.
        #expect(Set(state.visibleIDs) == [Fixtures.bots[0].id, Fixtures.bots[2].id])
        state.press("<Backspace>", "<Backspace>", "<Backspace>", "<Backspace>")
        #expect(state.visibleIDs.count == 5)
        state.type("zzz")
        #expect(state.visibleIDs.isEmpty)
        #expect(state.browser.selectedID == nil)
        state.press("<Esc>")
        #expect(state.browser.filterText.isEmpty)
        #expect(state.top == .list)
        #expect(state.visibleIDs.count == 5)
    }

    @Test func sortCyclesAndKeepsTheSelectedBot() {
        var state = Fixtures.loaded()
        state.press("j", "j", "j") // k8s-ingress-prod
        state.press("s")
        #expect(state.browser.sort == .created)
        #expect(state.visibleIDs.first == Fixtures.bots[0].id)
        #expect(state.selectedName == "k8s-ingress-prod")
        state.press("s")
        #expect(state.browser.sort == .state)
        #expect(state.visibleIDs.first == Fixtures.bots[2].id)
        state.press("s")
        #expect(state.browser.sort == .credentials)
        #expect(state.visibleIDs.first == Fixtures.bots[0].id)
        #expect(state.visibleIDs.last == Fixtures.bots[4].id)
        #expect(state.selectedName == "k8s-ingress-prod")
        state.press("s")
        #expect(state.browser.sort == .name)
    }

    @Test func sortIsStableForEqualKeys() {
        var state = AppState(apiHost: "h", now: Fixtures.now)
        let twins = (1...6).map { Fixtures.bot($0, "same", daysAgo: 1) }
        state.upsertBots(twins)
        state.browser.sort = .created
        state.refreshVisible()
        #expect(state.visibleIDs == twins.map(\.id).sorted())
    }

    @Test func marksAndTheHiddenMarkedCount() {
        var state = Fixtures.loaded()
        state.press("<Space>", "<Space>") // marks ci-runner, datadog; cursor moves down each time
        #expect(state.browser.marked == [Fixtures.bots[0].id, Fixtures.bots[2].id])
        #expect(state.selectedName == "empty-bot")
        state.press("/")
        state.type("k8s")
        state.press("<Enter>")
        #expect(state.hiddenMarkedCount == 2)
        state.press("D")
        guard case .confirm(let dialog) = state.top else {
            Issue.record("expected the bulk confirm")
            return
        }
        // datadog-sync is shown inactive already, and is sent too: the screen may be stale.
        #expect(dialog.lines.first == "2 marked, 2 of them hidden by the filter.")
        #expect(dialog.lines.contains("1 shown as inactive already; sent anyway."))
        #expect(dialog.mutations.count == 2 && dialog.mutations.contains(.setActive(BotRef(Fixtures.bots[0]), active: false, bulk: true)))
        state.press("<Esc>", "*")
        #expect(state.browser.marked.count == 3)
        state.press("u")
        #expect(state.browser.marked.isEmpty)
    }

    @Test func selectionFollowsTheIdThroughARefreshAndMovesWhenTheBotIsGone() {
        var state = Fixtures.loaded()
        state.press("j", "j", "j")
        #expect(state.selectedName == "k8s-ingress-prod")
        _ = reduce(&state, .start)
        let renamed = Fixtures.bots.map { bot in
            var copy = bot
            if bot.name == "ci-runner-eu-03" { copy.name = "zz-last-now" }
            return copy
        }
        _ = reduce(&state, .botsPage(generation: state.loads.generation, renamed))
        #expect(state.selectedName == "k8s-ingress-prod")
        _ = reduce(&state, .listFinished(generation: state.loads.generation, .bots))
        // Now the selected bot disappears in another refresh.
        _ = reduce(&state, .start)
        _ = reduce(&state, .botsPage(generation: state.loads.generation, renamed.filter { $0.name != "k8s-ingress-prod" }))
        _ = reduce(&state, .listFinished(generation: state.loads.generation, .bots))
        #expect(state.bots[Fixtures.bots[1].id] == nil)
        // The row that took its place: names sort by code point, so "zz…" comes before "集成…".
        #expect(state.selectedName == "zz-last-now")
        #expect(state.ui.flash?.text == "The selected bot, k8s-ingress-prod, is gone from the server; selection moved to the nearest row")
    }

    /// A reload finds the selected bot deleted elsewhere: said, and the detail pane that showed it
    /// goes back to the list, also when the filter showed it through a credential (found trying it).
    @Test func aBotDeletedElsewhereIsSaidGoneAndItsDetailCloses() {
        var state = Fixtures.loaded()
        state.press("/")
        state.type("leaked")
        state.press("<Enter>", "<Enter>")
        #expect(state.browser.selectedID == Fixtures.bots[1].id && state.isDetailOpen)
        Self.reload(&state, without: Fixtures.bots[1])
        #expect(state.bots[Fixtures.bots[1].id] == nil)
        #expect(state.ui.flash?.text == "The selected bot, k8s-ingress-prod, is gone from the server; no other bot matches the filter")
        #expect(!state.isDetailOpen, "never another bot's detail under the same keys")
    }

    /// The same, as the program meets it: the reload asks for the selected bot's credentials
    /// first, the server has none for a deleted bot, and the filter that matched one of them stops
    /// matching before the bot list says the bot is gone (found trying it as a user).
    @Test func aBotThatStopsMatchingByItsCredentialsIsSaid() {
        var state = Fixtures.loaded()
        state.press("/")
        state.type("leaked")
        state.press("<Enter>", "<Enter>")
        _ = reduce(&state, .start)
        for kind in CredentialKind.allCases {
            _ = reduce(&state, .ownerCredentials(generation: state.loads.generation, owner: Fixtures.bots[1].id, kind, []))
        }
        #expect(state.ui.flash?.text == "k8s-ingress-prod no longer matches \"leaked\" (changed or deleted on the server); no bot matches it now")
        #expect(!state.isDetailOpen)
    }

    /// Before any key, the selection is only the first row of the last run's list: when that bot
    /// is gone, the list moves on without a warning.
    @Test func aSelectionNobodyChoseMovesWithoutAWord() {
        var state = AppState(apiHost: "api.ngrok.com", now: Fixtures.now)
        _ = reduce(&state, .resized(Size(width: 120, height: 40)))
        _ = reduce(&state, .cacheLoaded(CachedAccount(savedAt: Fixtures.now - 60, bots: Fixtures.bots)))
        #expect(state.browser.selectedID == Fixtures.bots[0].id)
        Self.reload(&state, without: Fixtures.bots[0])
        #expect(state.ui.flash?.text.hasPrefix("Loaded 4 bots") == true)
    }

    /// A filter that hides the selected bot selects its first match, the bot `/ name Enter D` means.
    @Test func aFilterThatHidesTheSelectionSelectsTheFirstMatch() {
        var state = Fixtures.loaded()
        state.press("j", "j", "j", "j")
        state.press("/")
        state.type("agent")
        #expect(state.visibleIDs == [Fixtures.bots[0].id, Fixtures.bots[1].id])
        #expect(state.browser.selectedID == Fixtures.bots[0].id)
        #expect(state.ui.flash == nil, "the user's own filter moved it: nothing to warn of")
        #expect(state.top == .filter)
    }

    /// Marks on a bot deleted elsewhere go with it, and the user is told before a bulk change
    /// covers fewer bots than they marked.
    @Test func marksOnABotGoneFromTheServerAreDroppedAndSaid() {
        var state = Fixtures.loaded()
        state.press("<Space>", "<Space>")
        #expect(state.browser.marked.count == 2)
        let gone = state.bots[state.browser.marked.sorted().first!]!
        Self.reload(&state, without: gone)
        #expect(state.browser.marked.count == 1)
        #expect(state.ui.flash?.text == "1 marked bot is gone from the server, unmarked; 1 still marked")
    }

    static func reload(_ state: inout AppState, without gone: BotUser) {
        _ = reduce(&state, .start)
        let generation = state.loads.generation
        _ = reduce(&state, .botsPage(generation: generation, Fixtures.bots.filter { $0.id != gone.id }))
        for kind in CredentialKind.allCases {
            _ = reduce(&state, .credentialsPage(generation: generation, kind, Fixtures.credentials.filter { $0.kind == kind && $0.ownerID != gone.id }))
        }
        for target in LoadTarget.allCases { _ = reduce(&state, .listFinished(generation: generation, target)) }
    }

    @Test func pagesOfAnOlderLoadAreIgnored() {
        var state = Fixtures.loaded()
        let old = state.loads.generation
        _ = reduce(&state, .start)
        _ = reduce(&state, .botsPage(generation: old, [Fixtures.bot(99, "stale")]))
        #expect(state.bots[Fixtures.bot(99, "stale").id] == nil)
    }

    @Test func escAtTheTopLevelDoesNotQuitButQDoes() {
        var state = Fixtures.loaded()
        #expect(state.press("<Esc>").isEmpty)
        #expect(state.press("q").isEmpty)
        #expect(state.ui.quitRequested)
    }

    @Test func detailOpensAndClosesAndMovesOverCredentials() {
        var state = Fixtures.loaded(size: Size(width: 80, height: 24))
        state.press("<Enter>")
        #expect(state.top == .detail)
        #expect(state.selectedCredentials.map(\.kind) == [.apiKey, .apiKey, .authtoken, .sshCredential])
        state.press("j", "j", "j", "j")
        #expect(state.browser.detailCursor == 3)
        state.press("h")
        #expect(state.top == .list)
        state.press("l", "<Esc>")
        #expect(state.top == .list)
    }

    @Test func helpOpensOverAnyPaneAndCloses() {
        // Small enough that the detail's help scrolls.
        var state = Fixtures.loaded(size: Layout.minimum)
        state.press("<Enter>", "?")
        #expect(state.top == .help(HelpScreen(context: .detail)))
        state.press("j")
        #expect(state.top == .help(HelpScreen(context: .detail, scroll: 1)))
        state.press("<Esc>")
        #expect(state.top == .detail)
    }
}

@Suite("Reducer: loading")
struct ReducerLoadingTests {
    @Test func startLoadsTheBotListFirst() {
        var state = AppState(apiHost: "h", now: Fixtures.now)
        let effects = reduce(&state, .start)
        #expect(effects == [.load(.bots, generation: 1)], "the credential lists follow when it is complete")
        #expect(state.isLoading)
    }

    @Test func theSelectedBotsCredentialsAreFetchedAfterTheFirstPage() {
        var state = AppState(apiHost: "h", now: Fixtures.now)
        _ = reduce(&state, .start)
        let effects = reduce(&state, .botsPage(generation: 1, Array(Fixtures.bots.prefix(2))))
        #expect(effects == [.loadOwnerCredentials(owner: Fixtures.bots[0].id, generation: 1)])
        #expect(reduce(&state, .botsPage(generation: 1, Array(Fixtures.bots.suffix(3)))).isEmpty)
        _ = reduce(&state, .ownerCredentials(generation: 1, owner: Fixtures.bots[0].id, .apiKey, Array(Fixtures.credentials.prefix(2))))
        #expect(state.account.counts(of: Fixtures.bots[0].id).apiKeys == 2)
        #expect(state.loads.progress[.bots]?.items == 5)
        #expect(state.loads.progress[.bots]?.pages == 2)
    }

    @Test func aRefreshAsksForTheSelectedBotsCredentialsOnce() {
        var state = Fixtures.loaded()
        let effects = reduce(&state, .start)
        #expect(effects.filter { if case .loadOwnerCredentials = $0 { true } else { false } }.count == 1)
        #expect(reduce(&state, .botsPage(generation: state.loads.generation, Fixtures.bots)).isEmpty)
    }

    @Test func countsFillInAsPagesArriveAndPeoplesCredentialsStayApart() {
        let state = Fixtures.loaded()
        #expect(state.account.counts(of: Fixtures.bots[0].id) == CredentialCounts(apiKeys: 2, authtokens: 1, sshCredentials: 1))
        #expect(state.account.peopleCredentialCount == 1)
        #expect(state.bots.values.allSatisfy { bot in state.account.credentials(of: bot.id).allSatisfy { $0.ownerID == bot.id } })
    }

    @Test func aRefreshDropsWhatTheServerNoLongerHas() {
        var state = Fixtures.loaded()
        _ = reduce(&state, .start)
        let gen = state.loads.generation
        _ = reduce(&state, .credentialsPage(generation: gen, .apiKey, Array(Fixtures.credentials.filter { $0.kind == .apiKey }.dropFirst())))
        _ = reduce(&state, .listFinished(generation: gen, .credentials(.apiKey)))
        #expect(state.account.counts(of: Fixtures.bots[0].id).apiKeys == 1)
    }

    @Test func aFailedLoadIsShownWithItsCodeAndOperation() {
        var state = AppState(apiHost: "h", now: Fixtures.now)
        _ = reduce(&state, .start)
        // (A refused key, 401/403, is its own message: KeyRefusedTests.)
        let error = NgrokError.api(status: 500, code: "ERR_NGROK_500", message: "internal error", operationID: "op_9", endpoint: "GET /service_users")
        _ = reduce(&state, .listFailed(generation: 1, .bots, error))
        #expect(state.ui.flash?.level == .error)
        #expect(state.ui.flash?.text.contains("ERR_NGROK_500") == true)
        #expect(state.ui.flash?.text.contains("op_9") == true)
        #expect(state.loads.progress[.bots]?.phase == .failed(error.summary))
    }

    @Test func a429IsNotedAndShownAsAWaitNotAnError() {
        var state = Fixtures.loaded()
        _ = reduce(&state, .throttled(.milliseconds(12_300)))
        #expect(state.ui.flash == Flash("Throttled by the API, waiting 13 s", .warning))
        #expect(state.loads.throttleCount == 1)
        state.ui.flash = Flash("Could not deactivate x", .error)
        _ = reduce(&state, .throttled(.seconds(2)))
        #expect(state.ui.flash?.level == .error, "an error is not replaced by a wait")
        #expect(state.loads.throttleCount == 2)
    }
}
