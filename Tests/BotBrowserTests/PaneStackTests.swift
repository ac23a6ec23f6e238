import BotBrowser
import Foundation
import NgrokAPI
import Testing

@Suite("What is on screen: the list or the detail, and the layers over it")
struct PaneStackTests {
    @Test func layersCloseNewestFirstThenTheDetail() {
        var panes = PaneStack()
        #expect(panes.top == .list && panes.count == 1)
        panes.openDetail()
        panes.push(.filter)
        panes.push(.log(scroll: 0))
        panes.replaceTop(.log(scroll: 3))
        #expect(panes.top == .log(scroll: 3) && panes.count == 4 && panes.isDetailOpen)
        panes.pop()
        #expect(panes.top == .filter)
        panes.pop()
        #expect(panes.top == .detail)
        panes.pop()
        #expect(panes.top == .list && panes.count == 1)
        panes.pop()
        #expect(panes.top == .list, "the list is always there")
    }

    @Test func closingTheDetailKeepsWhatIsOpenOverIt() {
        var panes = PaneStack()
        panes.openDetail()
        panes.push(.filter)
        panes.closeDetail()
        #expect(panes.top == .filter && panes.base == .list && panes.layers == [.filter])
    }

    /// A result that arrives while the filter is open opens its dialog over the filter; closing it
    /// returns to the filter, then to the list underneath.
    @Test func aSecretArrivingOverTheFilterLeavesTheFilterBelowIt() {
        let ci = Fixtures.bots[0]
        var state = Fixtures.loaded()
        state.press("/")
        var created = Fixtures.credential(.apiKey, 50, owner: ci.id, "deploy key")
        created.token = "2sEcReTtOkEn_abcdefghijklmnopqrstuvwxyz"
        _ = reduce(&state, .credentialCreated(.apiKey, owner: BotRef(ci), .success(created)))
        guard case .secret = state.top else {
            Issue.record("expected the one-time display")
            return
        }
        #expect(state.panes.layers.first == .filter && state.panes.base == .list)
        state.press("<Enter>", "<Enter>")
        #expect(state.top == .filter)
        state.press("<Esc>")
        #expect(state.top == .list)
    }
}
