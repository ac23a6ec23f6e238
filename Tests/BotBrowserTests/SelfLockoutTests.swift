import BotBrowser
import Foundation
import NgrokAPI
import Testing

/// `GET /self` names the account and the API key this program is using (issue 20): the title shows
/// the account, and no change cuts the program off by accident in the middle of a response.
@Suite("Knowing who you are: the account, and no self-lockout by accident")
struct SelfLockoutTests {
    /// The program's key is k8s-ingress-prod's API key `ak_…021`.
    static let key = Fixtures.credentials[4]
    static let me = AccountSelf(account: .init(id: "ac_1", name: "prod-account@example.com"),
                                apiKey: .init(id: key.id, ownerID: key.ownerID, description: key.description), user: "alice")

    func loaded() -> AppState {
        var state = Fixtures.loaded()
        _ = reduce(&state, .selfLoaded(.success(Self.me)))
        return state
    }

    func dialog(_ state: AppState) -> ConfirmDialog? {
        if case .confirm(let dialog) = state.top { return dialog }
        return nil
    }

    @Test func theTitleNamesTheAccountAndTheDetailMarksTheKey() {
        var state = loaded()
        #expect(render(state, Size(width: 120, height: 40)).line(0).contains("prod-account@example.com"))
        state.press("j", "j", "j") // k8s-ingress-prod
        #expect(state.selectedName == "k8s-ingress-prod")
        #expect(render(state, Size(width: 120, height: 40)).text.contains("the key this program is using"))
    }

    @Test func deactivatingTheBotThatOwnsTheKeyMustBeTyped() throws {
        var state = loaded()
        state.press("j", "j", "j")
        state.press("D")
        let confirm = try #require(dialog(state))
        #expect(confirm.lines.first?.contains("owns the API key this program is using (\(Self.key.id))") == true)
        #expect(confirm.requiredText == "k8s-ingress-prod" && confirm.focus == .cancel)
        #expect(state.press("y").isEmpty, "y alone does not lock the program out (it is typed text here)")
        state.press("<Backspace>")
        // The word that stands for the name is the dialog's verb: "delete" does not deactivate.
        state.type("delete")
        #expect(!(try #require(dialog(state))).canConfirm)
        #expect(render(state, Size(width: 120, height: 40)).text.contains("Type the bot's name (k8s-ingress-prod) or deactivate:"))
        for _ in "delete" { state.press("<Backspace>") }
        state.type("deactivate")
        #expect((try #require(dialog(state))).canConfirm)
        for _ in "deactivate" { state.press("<Backspace>") }
        state.type("k8s-ingress-prod")
        #expect(state.press("<Enter>").contains { if case .setActive? = $0.mutation { true } else { false } })
    }

    @Test func anotherBotIsTheUsualOneKey() throws {
        var state = loaded()
        state.press("D") // ci-runner-eu-03
        let confirm = try #require(dialog(state))
        #expect(confirm.requiredText == nil && !confirm.lines.contains { $0.contains("this program is using") })
    }

    @Test func deletingTheBotThatOwnsTheKeySaysSoFirst() throws {
        var state = loaded()
        state.press("j", "j", "j", "d")
        let confirm = try #require(dialog(state))
        #expect(confirm.lines.first?.contains("this cuts this program off") == true)
    }

    @Test func rotatingTheKeyInUseSaysItDoesNotSwitchAndMustBeTyped() throws {
        var state = loaded()
        state.press("j", "j", "j", "<Enter>")
        #expect(state.credentialUnderCursor?.credential.id == Self.key.id)
        state.press("R")
        let confirm = try #require(dialog(state))
        #expect(confirm.title.hasPrefix("Rotate"))
        #expect(confirm.lines.first?.hasPrefix("\(Self.key.id) is the API key this program is using: rotating it does not switch "
                                               + "this program to the new key") == true, "\(confirm.lines)")
        #expect(confirm.requiredText == "rotate" && confirm.focus == .cancel)
        let screen = render(state, Size(width: 80, height: 24)).text
        #expect(screen.contains("Type rotate to confirm:") && screen.contains("type rotate, then Enter to rotate"), "\(screen)")
        #expect(state.press("y").isEmpty)
        state.press("<Backspace>")
        state.type("rotate")
        #expect(state.press("<Enter>").contains { if case .rotateCredential? = $0.mutation { true } else { false } })
    }

    @Test func rotatingAnotherKeyIsNotGuarded() throws {
        var state = loaded()
        state.press("<Enter>") // ci-runner-eu-03's first API key
        state.press("R")
        let confirm = try #require(dialog(state))
        #expect(confirm.requiredText == nil && !confirm.lines.contains { $0.contains("this program is using") })
    }

    @Test func withoutSelfNothingIsGuessed() throws {
        var state = Fixtures.loaded()
        _ = reduce(&state, .selfLoaded(.failure(.api(status: 404, code: nil, message: "no", operationID: nil, endpoint: "GET /self"))))
        #expect(state.ui.events.entries.contains { $0.text.contains("GET /self failed") })
        state.press("j", "j", "j", "D")
        #expect(try #require(dialog(state)).requiredText == nil)
    }
}
