import BotBrowser
import Foundation
import NgrokAPI
import Testing

/// Issue 22: a refused key is one message saying so, where the key came from and what key it must
/// be; not an empty account, not a failure per list each ending in a retry hint that cannot help.
@Suite("Reducer: a refused API key")
struct KeyRefusedTests {
    static let refused = NgrokError.api(status: 401, code: "ERR_NGROK_205", message: "The API key is not valid.",
                                        operationID: "op_2fW66mP7xeNvV7mOTPVceqBOkWu", endpoint: "GET /service_users")

    func started() -> AppState {
        var state = AppState(apiHost: "api.ngrok.com", now: Fixtures.now)
        state.settings.keySource = "the environment variable NGROK_API_KEY"
        _ = reduce(&state, .resized(Size(width: 120, height: 40)))
        _ = reduce(&state, .start)
        return state
    }

    @Test(arguments: [401, 403]) func aRefusedKeyIsOneMessageAndNothingMoreIsAsked(status: Int) {
        var state = started()
        let error = NgrokError.api(status: status, code: "ERR_NGROK_205", message: "The API key is not valid.",
                                   operationID: nil, endpoint: "GET /service_users")
        let effects = reduce(&state, .listFailed(generation: state.loads.generation, .bots, error))
        // No credential lists, no live sessions: each would be refused the same way.
        #expect(effects.isEmpty)
        #expect(!state.isLoading)
        let text = state.ui.flash?.text ?? ""
        #expect(state.ui.flash?.level == .error)
        #expect(text.hasPrefix("The API refused the API key from the environment variable NGROK_API_KEY; it must be an admin's API key"), "\(text)")
        #expect(text.hasSuffix("The API said: The API key is not valid (HTTP \(status), ERR_NGROK_205)"), "\(text)")
        #expect(text.contains("admin's API key"), "\(text)")
        #expect(state.loads.keyRefused == text.prefix(1).lowercased() + text.dropFirst())
        #expect(!text.contains("retry"), "\(text)")
        #expect(state.ui.events.entries.count == 1)
        let screen = render(state, state.ui.screen).text
        #expect(!screen.contains("0 bots"), "\(screen)")
        #expect(screen.contains("API key refused"), "\(screen)")
        #expect(!screen.contains("retry"), "\(screen)")
    }

    @Test func laterRefusalsAddNothing() {
        var state = started()
        _ = reduce(&state, .listFailed(generation: state.loads.generation, .bots, Self.refused))
        _ = reduce(&state, .listFailed(generation: state.loads.generation, .credentials(.apiKey), Self.refused))
        _ = reduce(&state, .tunnelSessionsLoaded(generation: state.loads.generation, .failure(Self.refused)))
        #expect(state.ui.events.entries.count == 1)
        #expect(state.ui.flash?.text.contains("retry") == false)
    }

    @Test func aRefusedGetSelfIsTheSameOneMessage() {
        var state = started()
        _ = reduce(&state, .selfLoaded(.failure(Self.refused)))
        _ = reduce(&state, .listFailed(generation: state.loads.generation, .bots, Self.refused))
        #expect(state.ui.events.entries.count == 1)
        #expect(state.ui.flash?.text.hasPrefix("The API refused the API key from the environment variable NGROK_API_KEY") == true)
        #expect(!state.isLoading)
    }

    @Test func anotherFailureStillOffersARetry() {
        var state = started()
        _ = reduce(&state, .listFailed(generation: state.loads.generation, .bots,
                                       .transport(endpoint: "GET /service_users", message: "cannot reach api.ngrok.com: connection refused")))
        #expect(state.ui.flash?.text.contains("press r to retry") == true)
        #expect(state.loads.keyRefused == nil)
    }
}
