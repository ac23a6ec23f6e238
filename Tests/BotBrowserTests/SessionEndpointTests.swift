@testable import BotBrowser
import Foundation
import NgrokAPI
import Testing

/// Issue 20, item 4: what a bot is exposing right now, under each of its live sessions.
@Suite("Endpoints under their sessions")
struct SessionEndpointTests {
    @Test func theDetailPaneShowsEachSessionsEndpointsAndNoOneElses() {
        var state = SessionFixtures.loaded()
        state.press("<Enter>")
        let session = SessionFixtures.sessions[0]
        let other = SessionFixtures.sessions[3]
        let endpoints = [
            Endpoint(id: "ep_1", url: "https://ci-7f3a.ngrok.app", principalID: nil, tunnelSessionID: session.id, createdAt: Fixtures.now),
            Endpoint(id: "ep_2", url: "tcp://5.tcp.ngrok.io:21034", principalID: nil, tunnelSessionID: session.id, createdAt: Fixtures.now),
            // Another bot's session: asked together, drawn only under its own.
            Endpoint(id: "ep_3", url: "https://ingress.ngrok.app", principalID: nil, tunnelSessionID: other.id, createdAt: Fixtures.now),
        ]
        _ = reduce(&state, .sessionEndpointsLoaded(sessionIDs: [session.id, other.id], .success(endpoints)))
        let lines = render(state, Size(width: 120, height: 40)).lines
        let sessionLine = lines.firstIndex { $0.contains(session.ip) }
        #expect(sessionLine != nil, "\(lines.joined(separator: "\n"))")
        if let sessionLine {
            #expect(lines[sessionLine + 1].contains("→ https://ci-7f3a.ngrok.app"))
            #expect(lines[sessionLine + 2].contains("→ tcp://5.tcp.ngrok.io:21034"))
        }
        #expect(!lines.contains { $0.contains("ingress.ngrok.app") })
    }

    /// Browsing spends none of the API's window on endpoints: they are asked when the detail pane
    /// shows the bot's sessions, once per session.
    @Test func endpointsAreAskedOnlyWhileTheDetailPaneShowsTheSessions() {
        var state = SessionFixtures.loaded()
        let moved = state.press("j") + state.press("k")
        #expect(!moved.contains { if case .loadSessionEndpoints = $0 { true } else { false } })
        let opened = state.press("<Enter>")
        let asked = opened.compactMap { if case .loadSessionEndpoints(let ids) = $0 { ids } else { nil } }
        let live = state.account.sessions.sessions(of: state.selectedCredentials).map(\.id)
        #expect(!live.isEmpty)
        #expect(asked.count == 1 && Set(asked.first ?? []) == Set(live) && asked.first?.count == live.count)
        _ = reduce(&state, .sessionEndpointsLoaded(sessionIDs: live, .failure(.transport(endpoint: "GET /endpoints", message: "refused"))))
        let again = state.press("<Escape>") + state.press("<Enter>")
        #expect(!again.contains { if case .loadSessionEndpoints = $0 { true } else { false } }, "asked once, whatever the answer")
    }
}
