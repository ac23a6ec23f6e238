import BotBrowser
import Foundation
import NgrokAPI
import Testing

/// One bot whichever way it is spelled (`BotID`): the bot list says `service_X`, a credential's
/// owner or the last run's cache may say `bot_X`, and the state must see one bot.
@Suite("Bots in either spelling")
struct BotSpellingTests {
    static func service(_ bot: BotUser) -> BotUser {
        var respelled = bot
        respelled.id = BotID.respell(bot.id, for: .serviceUsers)
        return respelled
    }

    static let serviceBots = Fixtures.bots.map(service)

    /// The fixture account, its bots listed as `service_…` and their credentials' owners as `bot_…`.
    func mixed(credentialsFirst: Bool) -> AppState {
        var state = AppState(apiHost: "api.ngrok.com", now: Fixtures.now)
        _ = reduce(&state, .resized(Size(width: 120, height: 40)))
        _ = reduce(&state, .start)
        let generation = state.loads.generation
        func credentials() {
            for kind in CredentialKind.allCases {
                _ = reduce(&state, .credentialsPage(generation: generation, kind, Fixtures.credentials.filter { $0.kind == kind }))
            }
        }
        if credentialsFirst { credentials() }
        _ = reduce(&state, .botsPage(generation: generation, Self.serviceBots))
        if !credentialsFirst { credentials() }
        for target in LoadTarget.allCases { _ = reduce(&state, .listFinished(generation: generation, target)) }
        return state
    }

    @Test(arguments: [true, false])
    func ownersJoinTheirBotsWhateverTheSpelling(credentialsFirst: Bool) {
        let state = mixed(credentialsFirst: credentialsFirst)
        let first = Self.serviceBots[0]
        #expect(state.bots.count == 5)
        #expect(state.account.counts(of: first.id) == CredentialCounts(apiKeys: 2, authtokens: 1, sshCredentials: 1))
        #expect(state.account.counts(of: Fixtures.bots[0].id) == state.account.counts(of: first.id))
        // The owner is spelled as the bot list spells the bot.
        #expect(state.account.owner(ofCredential: Fixtures.credentials[0].id) == first.id)
        #expect(state.visibleIDs.contains(first.id) && !state.visibleIDs.contains(Fixtures.bots[0].id))
        #expect(state.bots[Fixtures.bots[0].id]?.id == first.id, "either spelling finds the bot")
    }

    @Test func aBotIDInTheOtherSpellingFindsTheBot() {
        var state = mixed(credentialsFirst: false)
        state.press("/")
        state.type(Fixtures.bots[1].id)
        #expect(state.visibleIDs == [Self.serviceBots[1].id])
        #expect(state.browser.selectedID == Self.serviceBots[1].id)
    }

    @Test func aCacheInOneSpellingIsTheSameBotsInTheOther() {
        var state = AppState(apiHost: "api.ngrok.com", now: Fixtures.now)
        _ = reduce(&state, .resized(Size(width: 120, height: 40)))
        _ = reduce(&state, .cacheLoaded(CachedAccount(savedAt: Fixtures.now - 40, bots: Fixtures.bots)))
        state.press("j")
        #expect(state.browser.selectedID == state.visibleIDs[1])
        let selected = BotID(state.browser.selectedID ?? "")
        _ = reduce(&state, .start)
        _ = reduce(&state, .botsPage(generation: state.loads.generation, Self.serviceBots))
        #expect(state.bots.count == 5, "the cached bots were replaced, not doubled")
        #expect(state.bots.values.allSatisfy { $0.id.hasPrefix("service_") })
        _ = reduce(&state, .listFinished(generation: state.loads.generation, .bots))
        #expect(state.bots.count == 5, "a complete list in the other spelling keeps every bot")
        #expect(state.browser.selectedID.flatMap(BotID.init) == selected, "the selection stays on the same bot")
    }

    /// `service_…` ids are four characters longer than `bot_…` ones: a list wide enough for whole
    /// ids shows them whole, not cut to the width of the shorter spelling; on a very wide screen
    /// the detail pane takes what the list cannot use (found at 250 columns).
    @Test(arguments: [Size(width: 160, height: 40), Size(width: 250, height: 50)])
    func aWideListShowsWholeServiceIDs(size: Size) {
        var state = mixed(credentialsFirst: false)
        _ = reduce(&state, .resized(size))
        let frame = render(state, size)
        for bot in Self.serviceBots { #expect(frame.text.contains(bot.id + " "), "\(bot.id) at \(size)") }
        let divider = frame.line(2).firstIndex(of: "│").map { frame.line(2).distance(from: frame.line(2).startIndex, to: $0) }
        #expect(divider == size.width - Layout.detailWidth(for: size.width))
        #expect(Layout.detailWidth(for: size.width) == (size.width == 250 ? 138 : 64))
    }
}
