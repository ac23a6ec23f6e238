import BotBrowser
import Foundation
import NgrokAPI
import Testing

/// Filtering from the detail pane and acting on what the filter found: the keys of an id typed
/// there are never commands, the cursor is on the credential that matched, and acting on it does
/// not lose the bot.
struct DetailFilterTests {
    let ci = Fixtures.bots[0]
    let k8s = Fixtures.bots[1]

    @Test func slashInTheDetailOpensTheFilterSoAnIdTypedThereRunsNoCommand() {
        var state = Fixtures.loaded()
        state.press("<Enter>")
        #expect(state.top == .detail)
        state.press("/")
        #expect(state.top == .filter)
        // `x`, `R`, `D`, `y` and `h` are commands in the detail pane; here they are text.
        #expect(state.type("xRDyh").isEmpty)
        #expect(state.browser.filterText == "xRDyh")
        #expect(state.account.credentialCount == Fixtures.credentials.count)
    }

    @Test func aFilterKeptOverTheDetailPutsTheCursorOnTheMatch() throws {
        var state = Fixtures.loaded()
        state.press("<Enter>")
        let leaked = Fixtures.credentials[5] // k8s-ingress-prod's authtoken, not its first credential
        state.press("/")
        state.type(leaked.id)
        state.press("<Enter>")
        #expect(state.top == .detail)
        #expect(state.browser.selectedID == k8s.id)
        #expect(state.credentialUnderCursor?.credential.id == leaked.id)
        state.press("x")
        let confirm = try #require(state.top.confirmDialog)
        #expect(confirm.title.contains(leaked.id))
    }

    @Test func deletingTheMatchedCredentialKeepsItsBotSelected() throws {
        var state = Fixtures.loaded()
        let leaked = Fixtures.credentials[4] // k8s-ingress-prod's "leaked key"
        state.press("/")
        state.type(leaked.id)
        state.press("<Enter>", "<Enter>", "x")
        let ref = CredentialRef(id: leaked.id, kind: leaked.kind, description: leaked.description, owner: BotRef(k8s))
        #expect(state.press("y") == [.deleteCredential(ref)])
        _ = reduce(&state, .credentialDeleted(ref, .success(())))
        #expect(state.browser.filterText.isEmpty)
        #expect(state.browser.selectedID == k8s.id)
        #expect(state.ui.flash?.text.contains("no longer matches") == true)
        // The next step of the incident works on the same bot.
        state.press("D")
        #expect(state.top.confirmDialog?.title.contains(k8s.name) == true)
    }
}

extension Pane {
    var confirmDialog: ConfirmDialog? { if case .confirm(let dialog) = self { dialog } else { nil } }
}
