import BotBrowser
import Foundation
import NgrokAPI
import Testing

/// Issue 23: `r` during a load that is still making progress does not start it over, and a refresh
/// that waits on the API's window says so.
@Suite("Reducer: refresh during a load")
struct RefreshTests {
    /// A load under way: 64 pages of 100 bots in, of the 10,000 the last complete list had.
    func loading(at now: Date = Fixtures.now) -> AppState {
        var state = AppState(apiHost: "api.ngrok.com", now: now)
        _ = reduce(&state, .resized(Size(width: 120, height: 40)))
        state.loads.expectedBotCount = 10_000
        _ = reduce(&state, .start)
        for page in 0..<64 {
            let bots = (0..<100).map { Fixtures.bot(page * 100 + $0 + 1, "bot-\(page)-\($0)") }
            _ = reduce(&state, .botsPage(generation: state.loads.generation, bots))
        }
        return state
    }

    func refresh(_ state: inout AppState, at time: Date) -> [Effect] {
        reduce(&state, .key(KeyName(parse: "r")!, at: time))
    }

    @Test func aSecondRDuringALoadSaysWhereItStandsInsteadOfStartingOver() {
        var state = loading()
        let generation = state.loads.generation
        #expect(refresh(&state, at: Fixtures.now + 30).isEmpty)
        #expect(state.loads.generation == generation)
        #expect(state.ui.flash?.text == "Already loading (6,400 of 10,000 bots)")
        // Once the bots are in, the credentials so far.
        _ = reduce(&state, .listFinished(generation: generation, .bots))
        _ = reduce(&state, .credentialsPage(generation: generation, .apiKey, [Fixtures.credential(.apiKey, 1, owner: Fixtures.bot(1, "").id, "k")]))
        #expect(refresh(&state, at: Fixtures.now + 60).isEmpty)
        #expect(state.ui.flash?.text == "Already loading (6,400 bots, 1 credentials so far)")
    }

    @Test func aLoadWithNoPageForLongerThanTheWindowAndADeadlineIsStartedOver() {
        var state = loading()
        let effects = refresh(&state, at: Fixtures.now + 96)
        #expect(effects.contains(.load(.bots, generation: state.loads.generation)))
        #expect(state.loads.generation == 2)
    }

    @Test func aFailedListIsLoadedAgainAtOnce() {
        var state = loading()
        _ = reduce(&state, .listFailed(generation: state.loads.generation, .bots, .transport(endpoint: "GET /bot_users", message: "cannot reach")))
        #expect(refresh(&state, at: Fixtures.now + 1).contains(.load(.bots, generation: 2)))
    }

    @Test func aRefreshHeldByTheAPIsWindowSaysHowLong() {
        var state = Fixtures.loaded()
        state.ui.now = Fixtures.now + 10
        _ = reduce(&state, .throttled(.seconds(1)))
        let effects = refresh(&state, at: Fixtures.now + 10.2)
        #expect(effects.contains(.load(.bots, generation: state.loads.generation)))
        #expect(state.ui.flash?.text == "Refresh waits 1 s for the API's window")
        // And during a load still making progress, the same wait beside where it stands.
        var loading = loading()
        loading.ui.now = Fixtures.now + 5
        _ = reduce(&loading, .throttled(.seconds(2)))
        #expect(refresh(&loading, at: Fixtures.now + 5.5).isEmpty)
        #expect(loading.ui.flash?.text == "Already loading (6,400 of 10,000 bots); it waits 2 s for the API's window")
        // Once the wait is over, nothing is said of it.
        #expect(refresh(&state, at: Fixtures.now + 12).contains { if case .load = $0 { true } else { false } } == false)
        #expect(state.ui.flash?.text.contains("waits") == false)
    }

    /// A load the API's window holds back says so in the title, counting down, instead of
    /// standing still at the same numbers.
    @Test func aLoadWaitingForTheWindowSaysSoInTheTitle() {
        var state = loading()
        _ = reduce(&state, .readsWait(.seconds(28)))
        #expect(state.loads.waitsForTheAPI(at: state.ui.now))
        #expect(render(state, Size(width: 120, height: 40)).lines[0].contains("waiting 28 s for the API:"))
        _ = reduce(&state, .tick(state.ui.now + 20))
        #expect(render(state, Size(width: 120, height: 40)).lines[0].contains("waiting 8 s for the API:"))
        _ = reduce(&state, .tick(state.ui.now + 9))
        #expect(!render(state, Size(width: 120, height: 40)).lines[0].contains("waiting"))
        #expect(!state.loads.waitsForTheAPI(at: state.ui.now))
    }
}
