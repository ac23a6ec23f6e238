import BotBrowser
import Foundation
import NgrokAPI
import Testing

/// A message that tells the user to press a key names the key in force, not the built-in one
/// (issue 21, item 5): every such text asks `Keymap.keyName`.
@Suite("Keys named in messages follow keymap.conf")
struct KeyNamesInMessagesTests {
    /// The fixture account with `conf` applied over the default keys.
    static func rebound(_ conf: String, size: Size = Size(width: 120, height: 40)) -> AppState {
        var state = Fixtures.loaded(size: size)
        let result = KeymapFile.apply(conf, over: .defaults)
        #expect(result.errors.isEmpty, "\(result.errors)")
        state.settings.keymap = result.keymap
        return state
    }

    @Test func aFailedLoadNamesTheReboundRefreshKey() {
        var state = Self.rebound("unbind global r\nunbind global <C-r>\nbind global R refresh\n")
        let error = NgrokError.api(status: 500, code: nil, message: "boom", operationID: nil, endpoint: "GET /bot_users")
        _ = reduce(&state, .listFailed(generation: state.loads.generation, .bots, error))
        let text = state.ui.flash?.text ?? ""
        #expect(text.contains("press R to retry"), "\(text)")
        #expect(!text.contains("press r "))
    }

    @Test func aCommandWithNoKeyLeavesItsClauseOut() {
        var state = Self.rebound("unbind global r\nunbind global <C-r>\n")
        let error = NgrokError.api(status: 500, code: nil, message: "boom", operationID: nil, endpoint: "GET /bot_users")
        _ = reduce(&state, .listFailed(generation: state.loads.generation, .bots, error))
        #expect(state.ui.flash?.text.contains("retry") == false, "no key retries: the message must not offer one")
    }

    @Test func theDeleteDialogNamesTheReboundCancelAndToggleKeys() {
        var state = Self.rebound("""
            unbind confirm <Esc>
            unbind confirm n
            bind confirm <C-g> cancel
            unbind confirm t
            unbind confirm <C-t>
            bind confirm <C-s> toggle-stop-sessions
            """)
        _ = reduce(&state, .tunnelSessionsLoaded(generation: state.loads.generation, .success(SessionFixtures.sessions)))
        state.press("d")
        // A name is being typed: `t` types a letter, so the key named is one that types nothing.
        let lines = dialogLines(state)
        #expect(lines.contains { $0.hasSuffix("(C-s toggles)") }, "\(lines)")
        state.press("<Tab>")
        #expect(state.ui.flash?.text.contains("; C-g cancels") == true, "\(state.ui.flash?.text ?? "")")
        #expect(state.ui.flash?.text.contains("Esc") == false)
        let hints = render(state, Size(width: 120, height: 40)).line(39)
        #expect(hints.contains("C-g cancel") && !hints.contains("Esc"), "\(hints)")
    }

    @Test func theDeactivateDialogNamesTheToggleKeyWhenNothingIsTyped() {
        var state = SessionFixtures.loaded()
        state.press("D")
        #expect(dialogLines(state).contains { $0.hasSuffix("(t toggles)") })
    }

    @Test func promptsAndTheSecretNameTheirKeys() {
        var state = Self.rebound("unbind prompt <Esc>\nbind prompt <C-c> cancel\nunbind secret y\nbind secret Y copy\n")
        state.press("n")
        let prompt = render(state, Size(width: 120, height: 40)).text
        #expect(prompt.contains("Enter submits, C-c cancels"), "\(prompt)")
        #expect(!prompt.contains("Esc cancels"))
        state.type("bot")
        state.press("<C-c>")
        state.createAPIKeyAndShowItsSecret()
        let secret = render(state, Size(width: 120, height: 40)).text
        #expect(secret.contains("Y copies it"), "\(secret)")
        state.press("<Enter>")
        #expect(state.ui.flash?.text.contains("or Y to copy it") == true)
    }

    @Test func theEmptyFilterNamesTheReboundClearKey() {
        var state = Self.rebound("unbind list <Esc>\nbind list <C-x> back\n")
        state.press("/")
        state.type("no-such-bot")
        state.press("<Enter>")
        let text = render(state, Size(width: 120, height: 40)).text
        #expect(text.contains("(C-x clears the filter)"), "\(text)")
        #expect(!text.contains("Esc clears"))
    }

    @Test func theStopSessionsDialogNamesTheDeactivateKey() {
        var state = SessionFixtures.loaded()
        state.settings.keymap = KeymapFile.apply("unbind list D\nbind list X deactivate\n", over: .defaults).keymap
        state.press("K")
        #expect(dialogLines(state).contains { $0.hasSuffix(": X deactivates the bot.") }, "\(dialogLines(state))")
    }

    func dialogLines(_ state: AppState) -> [String] {
        if case .confirm(let dialog) = state.top { return dialog.lines }
        return []
    }
}
