import BotBrowser
import Foundation
import NgrokAPI
import Testing

/// Issue 19, item 13: `deploy` and `de\u{200B}ploy` must not look the same anywhere a name picks a
/// target. Invisible and control characters are shown as markers (`‹U+200B›`), drawn in their own
/// style; the typed confirmation still compares the real name, and takes the bot's id instead.
@Suite("Lookalike names are visible")
struct LookalikeNameTests {
    static let lookalike = Fixtures.bot(6, "de\u{200B}ploy")
    static let real = Fixtures.bot(7, "deploy")

    func dialog(_ state: AppState) -> ConfirmDialog? {
        if case .confirm(let dialog) = state.top { return dialog }
        return nil
    }

    @Test func everyInvisibleAndBidiCharacterIsShownAsItsCodePoint() {
        let scalars: [UInt32] = [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD,
                                 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C]
        for value in scalars {
            let scalar = Unicode.Scalar(value)!
            let hex = String(value, radix: 16, uppercase: true)
            let expected = "a\u{2039}U+" + String(repeating: "0", count: 4 - hex.count) + hex + "\u{203A}b"
            #expect(TextSanitizer.clean("a\(Character(scalar))b") == expected)
            #expect(TextSanitizer.hasMarked("a\(Character(scalar))b"))
        }
        #expect(TextSanitizer.clean("de\u{200B}ploy") != TextSanitizer.clean("deploy"))
        #expect(!TextSanitizer.hasMarked("集成-tokyo-01 café"))
        #expect(TextSanitizer.clean("集成-tokyo-01 caf\u{E9} e\u{301}") == "集成-tokyo-01 caf\u{E9} e\u{301}", "letters and accents stay as they are")
    }

    @Test func cleaningTwiceChangesNothing() {
        // Output lines are built from cleaned names and cleaned again whole before printing.
        for text in ["de\u{200B}ploy", "a\u{1B}[2J\u{202E}b\u{FEFF}", "\u{2039}U+200B\u{203A}", "\u{2039}U+12\u{203A}\u{2039}"] {
            let once = TextSanitizer.clean(text)
            #expect(TextSanitizer.clean(once) == once)
        }
        // A name that spells a marker is kept as it is: it still never reads as the plain name.
        #expect(TextSanitizer.clean("de\u{2039}U+200B\u{203A}ploy") != TextSanitizer.clean("deploy"))
    }

    @Test func controlCharactersAreShownNotDroppedAndNeverReachTheTerminal() {
        let clean = TextSanitizer.clean("de\u{1}ploy\u{1B}[2J\tx")
        #expect(clean == "de\u{2039}U+0001\u{203A}ploy\u{2039}U+001B\u{203A}[2J x")
        #expect(!clean.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
    }

    func state() -> AppState {
        var state = Fixtures.loaded()
        state.upsertBots([Self.lookalike, Self.real])
        state.refreshVisible()
        return state
    }

    @Test func theListAndTheDetailShowTheMarkerInItsOwnStyle() throws {
        let state = state()
        let frame = render(state, state.ui.screen)
        let text = frame.text
        #expect(text.contains("de\u{2039}U+200B\u{203A}ploy"))
        #expect(text.contains("deploy"))
        let (x, y) = try #require(find("\u{2039}U+200B\u{203A}", in: frame))
        #expect((x..<(x + 8)).allSatisfy { frame[$0, y].role == .warning }, "the marker stands out")
        #expect(frame[x - 1, y].role != .warning, "the name around it does not")
    }

    @Test func theDeleteDialogShowsTheMarkerAndTakesTheIdOrDelete() throws {
        var state = state()
        while state.browser.selectedID != Self.lookalike.id { state.press("j") }
        state.press("d")
        var confirm = try #require(dialog(state))
        #expect(confirm.title == "Delete bot de\u{200B}ploy?", "the title keeps the real name; the screen marks it")
        #expect(confirm.requiredText == "de\u{200B}ploy", "compared with the real name")
        let screen = render(state, state.ui.screen).text
        #expect(screen.contains("Delete bot de\u{2039}U+200B\u{203A}ploy?"))
        #expect(screen.contains("Its name has hidden characters (\u{2039}U+\u{2026}\u{203A}): type its id,"))
        // The name as it looks is not the name.
        state.type("deploy")
        #expect(state.press("<Enter>").isEmpty)
        for _ in 0..<6 { state.press("<Backspace>") }
        state.type(Self.lookalike.id)
        confirm = try #require(dialog(state))
        #expect(confirm.canConfirm)
        #expect(state.press("<Enter>") == [.deleteBot(BotRef(Self.lookalike), owned: CredentialCounts())])
    }

    @Test func anOrdinaryNameIsAskedForAsBefore() throws {
        var state = state()
        while state.browser.selectedID != Self.real.id { state.press("j") }
        state.press("d")
        #expect(render(state, state.ui.screen).text.contains("Type the bot's name (deploy) or delete:"))
    }

    @Test(arguments: [Size(width: 80, height: 24)]) func goldenDeleteDialogOfALookalike(size: Size) {
        var state = Fixtures.loaded(size: size)
        state.upsertBots([Self.lookalike, Self.real])
        while state.browser.selectedID != Self.lookalike.id { state.press("j") }
        state.press("d")
        Golden.check(render(state, size), ScreenTests.name("confirm-delete-lookalike", size))
    }

    func find(_ needle: String, in frame: Frame) -> (Int, Int)? {
        let first = needle.first!
        for y in 0..<frame.size.height {
            for x in 0..<frame.size.width where frame[x, y].character == first {
                let run = (0..<needle.count).compactMap { x + $0 < frame.size.width ? frame[x + $0, y].character : nil }
                if String(run) == needle { return (x, y) }
            }
        }
        return nil
    }
}
