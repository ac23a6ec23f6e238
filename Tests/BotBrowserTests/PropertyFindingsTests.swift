import BotBrowser
import Foundation
import NgrokAPI
import Testing

/// What the property test found, kept as plain tests: each failed before its fix.
@Suite("Cases found by the property test")
struct PropertyFindingsTests {
    @Test func aSecondBulkWaitsForTheFirstSoEveryAnswerIsCountedOnce() {
        var state = Fixtures.loaded()
        _ = state.press("*")
        _ = state.press("D")
        let first = state.press("y")
        #expect(first.count == 5, "every marked bot, the one shown inactive too")
        _ = state.press("A")
        #expect(state.ui.flash?.text.contains("still running") == true)
        #expect(state.press("<Enter>").isEmpty, "a second bulk started while the first was running")
        for case let .mutate(mutation) in first {
            guard case let .setActive(bot, active, _) = mutation else { continue }
            _ = reduce(&state, .mutationFinished(mutation, .success(.bot(BotUser(id: bot.id, name: bot.name, active: active, createdAt: Fixtures.now)))))
        }
        #expect(state.changes.bulk?.done == 5 && state.changes.bulk?.total == 5)
    }

    @Test func aNewBotHiddenByTheFilterIsNotSelected() {
        var state = Fixtures.loaded()
        _ = state.press("/")
        for character in "k8s" { _ = state.press(String(character)) }
        _ = reduce(&state, .mutationFinished(.createBot(name: "zz-new"),
                                             .success(.bot(BotUser(id: "bot_new", name: "zz-new", active: true, createdAt: Fixtures.now)))))
        #expect(state.browser.selectedID != "bot_new")
        #expect(state.browser.selectedID.map { state.visibleIDs.contains($0) } ?? true)
        #expect(state.ui.flash?.text.contains("the filter hides it") == true)
    }

    @Test func aBorderDrawnOverHalfAWideCharacterLeavesNoHalfBehind() {
        var frame = Frame(size: Size(width: 10, height: 2))
        frame.put("ab集成cd", x: 0, y: 0)
        frame.put("|", x: 3, y: 0)  // the right half of 集
        frame.put("|", x: 4, y: 0)  // the left half of 成
        #expect(frame.line(0) == "ab || cd  ")
        #expect(DisplayWidth.of(frame.line(0)) == 10)
        frame.put("集成", x: 1, y: 1)
        frame.fill(x: 2, y: 1, width: 2, height: 1, role: .normal)
        #expect(DisplayWidth.of(frame.line(1)) == 10)
    }
}
