@testable import BotBrowser
import Foundation
import NgrokAPI
import Testing

/// What a new user met on screen (issue 22, item 8), each checked at the size it was met at.
@Suite("Screen at real sizes")
struct ScreenFixTests {
    static let wide = Size(width: 120, height: 40)
    static let classic = Size(width: 80, height: 24)

    /// `LANG=C`, `NO_COLOR` and `--ascii` draw the state as a word; the ID column stays.
    @Test(arguments: [DisplayOptions(color: false), DisplayOptions(ascii: true), DisplayOptions(asciiText: true)])
    func stateWordsKeepTheIDColumn(display: DisplayOptions) {
        let state = Fixtures.loaded(size: Self.wide, display: display)
        let frame = render(state, Self.wide)
        #expect(frame.line(1).contains(" ID "), "\(frame.line(1))")
        #expect(frame.line(2).contains("bot_000000"), "\(frame.line(2))")
    }

    @Test func theSortIsShownAfterItsFlash() {
        var state = Fixtures.loaded(size: Self.wide)
        #expect(render(state, Self.classic).line(1).contains("sorted by name"))
        #expect(render(state, Self.wide).line(1).contains("NAME  by name"))
        state.press("s")
        state.ui.flash = nil
        #expect(render(state, Self.wide).line(1).contains("newest"), "\(render(state, Self.wide).line(1))")
        state.press("s", "s")
        state.ui.flash = nil
        let header = render(state, Self.classic).line(1)
        #expect(header.contains("most credentials"), "\(header)")
    }

    @Test func theHintBarKeepsQuitAndHelpAndSaysWhenItDropsSome() {
        for (keys, size) in [([String](), Self.classic), (["<Enter>"], Self.classic), ([], Size(width: 60, height: 16))] {
            var state = Fixtures.loaded(size: size)
            for key in keys { state.press(key) }
            let hints = render(state, size).line(size.height - 1)
            #expect(hints.contains("? help") && hints.contains("q quit"), "\(hints)")
            #expect(hints.trimmingCharacters(in: .whitespaces).hasSuffix("…"), "\(hints)")
        }
        let state = Fixtures.loaded(size: Self.classic)
        let hints = render(state, Self.classic).line(23)
        #expect(hints.contains("D deactivate") && hints.contains("d delete"), "the incident's keys outrank sort and mark: \(hints)")
    }

    @Test func helpWrapsBetweenWordsAndScrollsWithAHint() {
        var state = Fixtures.loaded(size: Self.classic)
        state.press("?")
        let first = render(state, Self.classic)
        // "Filter by bot name or id, by a credential's id or descript" was cut mid-word.
        let text = first.lines.joined(separator: "\n")
        #expect(text.contains("or description, or by a live session's id or agent IP") || text.contains("description"), "\(text)")
        #expect(!first.lines.contains { $0.hasSuffix("descript") || $0.hasSuffix("(a") })
        #expect(first.line(21).contains("lines 1-") && first.line(21).contains("PgDn/PgUp"), "\(first.line(21))")
        state.press("<PgDn>")
        let second = render(state, Self.classic)
        #expect(second != first)
        state.press("G")
        let last = render(state, Self.classic)
        #expect(last.lines.contains { $0.contains("Everywhere:") }, "the last section can be reached")
        #expect(last.line(21).contains("of"))
        // A scroll never runs past the end: one step up moves the text at once.
        for _ in 0..<50 { state.press("j") }
        state.press("k")
        #expect(render(state, Self.classic) != last)
    }

    @Test func anAddressSharedByManyBotsReadsAsManyMatches() {
        var state = ReducerLookupTests.early()
        state.press("/")
        state.type("203.0.113.7")
        state.press("<Enter>")
        let tokens = (0..<3).map { Fixtures.credential(.authtoken, 70 + $0, owner: Fixtures.bots[$0].id, "agent") }
        let sessions = tokens.enumerated().map { SessionFixtures.session(80 + $0.offset, $0.element, ip: "203.0.113.7", region: "eu", hoursAgo: 1) }
        let found = SessionSearch(sessions: sessions, credentials: Dictionary(uniqueKeysWithValues: tokens.map { ($0.id, $0) }),
                                  bots: Dictionary(uniqueKeysWithValues: Fixtures.bots.prefix(3).map { ($0.id, $0) }))
        _ = reduce(&state, .tunnelSessionsFound(ip: "203.0.113.7", .success(found)))
        let text = state.ui.flash?.text ?? ""
        #expect(text.hasPrefix("3 live sessions from 203.0.113.7, on 3 bots' credentials"), "\(text)")
    }

    @Test func aSessionOnAnSSHKeyIsNotSaidToUseAnAuthtoken() {
        var state = Fixtures.loaded()
        let ssh = [SessionFixtures.sessions[2]]
        _ = reduce(&state, .tunnelSessionsLoaded(generation: state.loads.generation, .success(ssh)))
        state.press("D")
        guard case .confirm(let dialog) = state.top else {
            Issue.record("no dialog")
            return
        }
        #expect(dialog.lines.contains("1 live agent session uses its SSH key; it may keep running:"), "\(dialog.lines)")
        var mixed = SessionFixtures.loaded()
        mixed.press("D")
        guard case .confirm(let both) = mixed.top else { return }
        #expect(both.lines.contains("3 live agent sessions use its credentials; they may keep running:"), "\(both.lines)")
    }

    /// Black on yellow is the selection; a row with live agents must not look selected.
    @Test func aLiveCountHasItsOwnRole() {
        let state = SessionFixtures.loaded()
        let frame = render(state, Self.wide)
        // Row 2 is the first bot, selected; row 3 the next one, with one live session.
        let liveColumn = frame.line(1).firstRange(of: "LIVE").map { frame.line(1).distance(from: frame.line(1).startIndex, to: $0.upperBound) - 1 } ?? 0
        let roles = (2...6).map { frame[liveColumn, $0].role }
        #expect(roles.contains(.live), "\(roles)")
        #expect(!roles.dropFirst().contains(.selected) && !roles.contains(.warning))
    }

    /// A numbered step that wraps goes on under its text, as the next hand-indented line does
    /// (found trying the rotate dialog at 80 columns).
    @Test func aNumberedStepWrapsUnderItsText() {
        let lines = DialogView.wrap("1. A new API key is created for ci-runner-eu-03 with the same description", to: 30)
        #expect(lines.first?.hasPrefix("1. A new") == true)
        #expect(lines.count > 1 && lines.dropFirst().allSatisfy { $0.hasPrefix("   ") && !$0.hasPrefix("    ") }, "\(lines)")
        #expect(DialogView.wrap("  indented text that is long enough to wrap here", to: 20).allSatisfy { $0.hasPrefix("  ") })
    }
}
