import BotBrowser
import Foundation
import NgrokAPI
import Testing

/// `C` (issue 20, item 5): what was created since a time, asked of the server, listed newest first
/// with owners; the bot under investigation's entries marked; Enter goes to an entry's bot.
@Suite("What was created since (C)")
struct CreatedSinceTests {
    static let investigated = Fixtures.bots[1] // k8s-ingress-prod
    static let since = Fixtures.now - 7200
    static let newBot = BotUser(id: String(format: "bot_%027d", 9), uri: "", name: "persist-bot", active: true, createdAt: Fixtures.now - 60)
    static let newKey = Credential(id: String(format: "ak_%027d", 77), kind: .apiKey, ownerID: investigated.id, description: "backup key",
                                   createdAt: Fixtures.now - 300)
    static let newToken = Credential(id: String(format: "cr_%027d", 78), kind: .authtoken, ownerID: newBot.id, description: "agent",
                                     createdAt: Fixtures.now - 30)
    static let personKey = Credential(id: String(format: "ak_%027d", 79), kind: .apiKey, ownerID: "usr_mallory", description: "",
                                      createdAt: Fixtures.now - 1200)
    static let found = CreatedSince(since: since, entries: [
        CreatedSince.Entry(newToken, owner: newBot),
        CreatedSince.Entry(newBot),
        CreatedSince.Entry(newKey, owner: investigated),
        CreatedSince.Entry(personKey, owner: nil),
    ])

    static func sincePane(_ state: AppState) -> SincePane? {
        if case .since(let pane) = state.top { return pane }
        return nil
    }

    /// k8s-ingress-prod selected.
    static func onInvestigated(size: Size = Size(width: 120, height: 40)) -> AppState {
        var state = Fixtures.loaded(size: size)
        state.press("j", "j", "j")
        precondition(state.selectedName == investigated.name)
        return state
    }

    /// On k8s-ingress-prod, `C`, `2h`, Enter.
    static func asked(size: Size = Size(width: 120, height: 40)) -> (AppState, [Effect]) {
        var state = onInvestigated(size: size)
        state.press("C")
        state.type("2h")
        let effects = state.press("<Enter>")
        return (state, effects)
    }

    static func answered(size: Size = Size(width: 120, height: 40)) -> AppState {
        var (state, _) = asked(size: size)
        _ = reduce(&state, .createdSinceLoaded(since: since, .success(found)))
        return state
    }

    @Test func cAsksForTheTimeThenAsksTheServerOnceForIt() throws {
        var state = Self.onInvestigated()
        state.press("C")
        guard case .prompt(let prompt) = state.top else { Issue.record("no prompt: \(state.top)"); return }
        #expect(prompt.label == "since" && prompt.purpose == .createdSince(investigating: BotRef(Self.investigated)))
        state.type("2h")
        let effects = state.press("<Enter>")
        #expect(effects == [.loadCreatedSince(Self.since)])
        let pane = try #require(Self.sincePane(state))
        #expect(pane.phase == .loading && pane.asked == "2h" && pane.investigating?.id == Self.investigated.id)
    }

    @Test func theTimeIsReadAsTheSinceCommandReadsIt() throws {
        var state = Fixtures.loaded()
        state.press("C")
        state.type("yesterday")
        #expect(state.press("<Enter>").isEmpty)
        guard case .prompt(let prompt) = state.top else { Issue.record("the prompt closed on a bad time"); return }
        #expect(prompt.error == SinceTime.rejection("yesterday"))
        state.press("<C-u>")
        state.type("2026-05-28T10:00:00Z")
        let at = try #require(APIJSON.parseTimestamp("2026-05-28T10:00:00Z"))
        #expect(state.press("<Enter>") == [.loadCreatedSince(at)])
        for (text, seconds) in [("30m", 1800.0), ("1d", 86_400), ("90s", 90), ("2h", 7200)] {
            #expect(SinceTime.parse(text, now: Fixtures.now) == Fixtures.now - seconds, "\(text)")
        }
        #expect(SinceTime.parse("2x", now: Fixtures.now) == nil && SinceTime.parse("-1h", now: Fixtures.now) == nil)
    }

    @Test func theAnswerIsShownNewestFirstWithTheInvestigatedBotsEntriesMarked() throws {
        let state = Self.answered()
        let pane = try #require(Self.sincePane(state))
        #expect(pane.entries.map(\.id) == [Self.newToken.id, Self.newBot.id, Self.newKey.id, Self.personKey.id])
        #expect(pane.entries.map(pane.isInvestigated) == [false, false, true, false])
        let text = render(state, Size(width: 120, height: 40)).text
        #expect(text.contains("owner: a person: usr_mallory"))
        #expect(text.contains("owner: bot k8s-ingress-prod (\(Self.investigated.id))"))
        #expect(text.contains("the bot under investigation"))
    }

    @Test func enterOnACredentialOpensItsBotWithTheCursorOnIt() throws {
        var state = Self.answered()
        state.press("j", "j")
        let effects = state.press("<Enter>")
        #expect(effects.isEmpty, "the lists are loaded: nothing to fetch ahead")
        #expect(state.top == .detail && state.selectedName == "k8s-ingress-prod")
        #expect(state.credentialUnderCursor?.credential.id == Self.newKey.id, "x deletes the new key, one key away")
        #expect(state.ui.flash?.text.contains("D deactivates it") == true && state.ui.flash?.text.contains("x deletes \(Self.newKey.id)") == true)
        #expect(state.press("x").isEmpty)
        guard case .confirm(let dialog) = state.top else { Issue.record("x did not ask"); return }
        #expect(dialog.title.contains(Self.newKey.id))
    }

    @Test func enterOnABotTheListHasNotReachedAddsItAndClearsAFilterHidingIt() throws {
        var state = Self.answered()
        state.panes.pop()
        state.browser.filterText = "ci-runner"
        state.refreshVisible()
        var pane = SincePane(since: Self.since, asked: "2h", investigating: nil)
        pane.phase = .loaded(Self.found.entries)
        state.panes.push(.since(pane))
        state.press("j", "<Enter>")
        #expect(state.top == .list && state.browser.filterText.isEmpty)
        #expect(state.browser.selectedID == Self.newBot.id && state.visibleIDs.contains(Self.newBot.id))
        #expect(state.press("D").isEmpty)
        guard case .confirm(let dialog) = state.top else { Issue.record("D did not ask"); return }
        #expect(dialog.mutations == [.setActive(BotRef(Self.newBot), active: false, bulk: false)])
    }

    @Test func aPersonsCredentialHasNoBotToGoTo() throws {
        var state = Self.answered()
        state.press("j", "j", "j", "<Enter>")
        #expect(Self.sincePane(state) != nil, "the pane stays")
        #expect(state.ui.flash?.level == .warning && state.ui.flash?.text.contains("a person (usr_mallory)") == true)
    }

    @Test func escClosesAndALateAnswerIsDropped() {
        var (state, _) = Self.asked()
        state.press("<Esc>")
        #expect(state.top == .list)
        _ = reduce(&state, .createdSinceLoaded(since: Self.since, .success(Self.found)))
        #expect(state.top == .list && state.panes.layers.isEmpty)
    }

    @Test func aFailureIsSaidInThePaneAndKeptInTheEventLog() throws {
        var (state, _) = Self.asked()
        let error = NgrokError.api(status: 500, code: nil, message: "boom", operationID: "op_9", endpoint: "GET /api_keys")
        _ = reduce(&state, .createdSinceLoaded(since: Self.since, .failure(error)))
        let pane = try #require(Self.sincePane(state))
        guard case .failed(let message) = pane.phase else { Issue.record("not failed: \(pane.phase)"); return }
        #expect(message.contains("boom"))
        #expect(state.ui.events.entries.contains { $0.text.contains("Could not list what was created since") })
    }

    @Test func theKeysAreInTheRegistryWithDescriptions() {
        #expect(Keymap.defaults.command(for: KeyName(parse: "C")!, in: .list) == .createdSince)
        #expect(Keymap.defaults.command(for: KeyName(parse: "C")!, in: .detail) == .createdSince)
        let help = HelpView.lines(keymap: .defaults, context: .list).joined(separator: "\n")
        #expect(help.contains("What was created since a time you give"))
        #expect(HelpView.lines(keymap: .defaults, context: .since).joined(separator: "\n").contains("Go to the entry's bot"))
    }

    @Test(arguments: [Size(width: 120, height: 40), Size(width: 80, height: 24)])
    func screen(size: Size) {
        var state = Self.answered(size: size)
        state.press("j")
        Golden.check(render(state, size), "since-\(size.width)x\(size.height)")
    }
}
