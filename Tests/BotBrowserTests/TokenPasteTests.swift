import BotBrowser
import Foundation
import NgrokAPI
import Testing

/// What leaks is a token, not an id (issue 20): pasted into the filter it finds its credential's
/// bot from the KSUID its id is made of, and the secret is gone from the state at once.
@Suite("A leaked token pasted into the filter")
struct TokenPasteTests {
    /// Fixtures.credentials[4] is bot 2's API key `ak_000…021`; its token is its KSUID and a secret.
    static let ksuid = String(Fixtures.credentials[4].id.dropFirst(3))
    static let secret = "714PgnmX8vJX5wufhtV57"
    static let token = ksuid + "_" + secret

    @Test(arguments: [token, "authtoken: \(token)", "  api_key: \"\(token)\"", "export NGROK_AUTHTOKEN=\(token)",
                      "NGROK_API_KEY='\(token)' ngrok api bots list"])
    func everyShapeIsFoundAndTheSecretDroppedAtOnce(_ pasted: String) {
        var state = Fixtures.loaded()
        let effects = reduce(&state, .paste(pasted))
        #expect(state.browser.filterText == Self.ksuid)
        #expect(state.browser.pastedToken?.ksuid == Self.ksuid)
        #expect(!String(reflecting: state).contains(Self.secret), "the secret is nowhere in the state")
        #expect(!render(state, Size(width: 120, height: 40)).text.contains(Self.secret))
        // Loaded already: found locally, nothing asked.
        #expect(effects.isEmpty, "\(effects)")
        #expect(state.visibleIDs == [Fixtures.bots[1].id])
        #expect(render(state, Size(width: 120, height: 40)).text.contains("from a pasted token (secret dropped): an API key (ak_) or authtoken (cr_)"))
    }

    /// A terminal without bracketed paste delivers a paste as keys: the secret's first 10 characters
    /// make it a token, and every one after is dropped as it arrives.
    @Test func aTokenTypedAKeyAtATimeKeepsNoSecretEither() {
        var state = Fixtures.loaded()
        state.press("/")
        state.type(Self.token)
        #expect(state.browser.filterText == Self.ksuid)
        #expect(!String(reflecting: state).contains(String(Self.secret.suffix(11))))
        #expect(state.visibleIDs == [Fixtures.bots[1].id])
        state.press("<Backspace>")
        state.type("x")
        #expect(state.browser.pastedToken == nil, "edited: an ordinary filter again")
    }

    @Test func aWholeSSHPublicKeyFindsItsKeyByFingerprint() throws {
        var state = Fixtures.loaded()
        let ssh = Fixtures.credentials[3] // ci-runner-eu-03's SSH key
        _ = reduce(&state, .paste(try #require(ssh.publicKey)))
        #expect(state.browser.filterText == SSHFingerprint.sha256(publicKey: ssh.publicKey!))
        #expect(state.visibleIDs == [Fixtures.bots[0].id])
    }

    @Test func tokenShapedTextIsNotMistakenForOne() {
        #expect(LeakedToken.find(in: "ak_" + Self.ksuid) == nil, "an id is not a token")
        #expect(LeakedToken.find(in: Self.ksuid + "_short") == nil)
        #expect(LeakedToken.find(in: "ci-runner-eu-03") == nil)
        #expect(LeakedToken.find(in: String(Self.ksuid.dropLast()) + "_" + Self.secret) == nil)
        #expect(LeakedToken.find(in: "authtoken: " + Self.token)?.candidates.map(\.id) == ["ak_" + Self.ksuid, "cr_" + Self.ksuid])
    }

    @Test func beforeTheListsBothCandidatesAreAskedAndOnlyTheKSUIDIsSent() throws {
        var state = AppState(apiHost: "api.ngrok.com", now: Fixtures.now)
        _ = reduce(&state, .resized(Size(width: 120, height: 40)))
        let effects = reduce(&state, .paste("NGROK_AUTHTOKEN=" + Self.token))
        #expect(effects == [.lookUpToken(ksuid: Self.ksuid)])
        #expect(!String(reflecting: effects).contains(Self.secret))
        #expect(render(state, Size(width: 120, height: 40)).text.contains("looking it up"))
        // The server has it: an API key of bot 2, whose owner is asked for next.
        let key = Fixtures.credentials[4]
        let next = reduce(&state, .lookupFinished(id: Self.ksuid, .success(.credential(key))))
        #expect(next.contains(.lookUpOwner(id: key.ownerID!)))
        _ = reduce(&state, .lookupFinished(id: key.ownerID!, .success(.bot(Fixtures.bots[1]))))
        #expect(state.browser.selectedID == Fixtures.bots[1].id)
        state.press("<Enter>")
        #expect(state.ui.flash?.text.contains("belongs to bot k8s-ingress-prod") == true, "\(String(describing: state.ui.flash))")
    }

    @Test func aTokenOfNoCredentialSaysSoWithoutTheSecret() {
        var state = AppState(apiHost: "api.ngrok.com", now: Fixtures.now)
        _ = reduce(&state, .resized(Size(width: 120, height: 40)))
        _ = reduce(&state, .paste(Self.token))
        state.press("<Enter>")
        _ = reduce(&state, .lookupFinished(id: Self.ksuid, .success(.notFound)))
        let text = state.ui.flash?.text ?? ""
        #expect(text.contains("No API key or authtoken ak_\(Self.ksuid) or cr_\(Self.ksuid)"), "\(text)")
        #expect(!String(reflecting: state).contains(Self.secret))
    }

    @Test func editingTheFilterAwayForgetsTheToken() {
        var state = Fixtures.loaded()
        _ = reduce(&state, .paste(Self.token))
        state.press("<C-u>")
        state.type("ci")
        #expect(state.browser.pastedToken == nil)
    }
}
