@testable import BotBrowser
import Foundation
import NgrokAPI
import Testing

/// Issue 19, item 4: a confirmed change held back by the API's window says so where the user looks,
/// not only in the `!` log.
@Suite("A confirmed change waiting for the window")
struct ChangeWaitTests {
    @Test func theStatusLineAndThePendingRowSayHowLongTheChangeWaits() {
        var state = Fixtures.loaded()
        let bot = Fixtures.bots[0]
        state.press("D", "y")
        #expect(state.changes.pending[bot.id] == "deactivating")
        #expect(reduce(&state, .changeWaits(.milliseconds(50_200))).isEmpty)
        #expect(state.ui.flash?.text == "Your change waits 51 s for the API's rate window, then it is sent")
        let screen = render(state, Size(width: 120, height: 40)).text
        #expect(screen.contains("active (deactivating… in 51 s)") && !screen.contains("inactive (deactivating"), "\(screen)")

        // Once the wait is over the row says only what is on its way.
        _ = reduce(&state, .tick(state.ui.now + 52))
        #expect(!render(state, Size(width: 120, height: 40)).text.contains("… in "))
        #expect(state.changes.pending[bot.id] == "deactivating")
    }
}
