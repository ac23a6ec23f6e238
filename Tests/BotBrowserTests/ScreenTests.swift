import BotBrowser
import Foundation
import NgrokAPI
import Testing

@Suite("Screens as text, against goldens")
struct ScreenTests {
    /// The smallest size that draws, the classic terminal, and a roomy one. Below the smallest
    /// every screen is the same message: one golden (`tooSmall`) covers it.
    static let sizes = [Layout.minimum, Size(width: 80, height: 24), Size(width: 120, height: 40)]

    static func name(_ screen: String, _ size: Size) -> String { "\(screen)-\(size.width)x\(size.height)" }

    func state(_ size: Size, readOnly: Bool = false, _ keys: [String] = [], text: String = "") -> AppState {
        var state = Fixtures.loaded(size: size, readOnly: readOnly)
        for key in keys { state.press(key) }
        if !text.isEmpty { state.type(text) }
        return state
    }

    @Test func tooSmall() {
        let size = Size(width: 40, height: 10)
        Golden.check(render(state(size, ["j"]), size), Self.name("too-small", size))
    }

    @Test(arguments: sizes) func list(size: Size) {
        Golden.check(render(state(size, ["j"]), size), Self.name("list", size))
    }

    @Test(arguments: sizes) func detail(size: Size) {
        Golden.check(render(state(size, ["<Enter>", "j"]), size), Self.name("detail", size))
    }

    @Test(arguments: sizes) func deactivateConfirm(size: Size) {
        Golden.check(render(state(size, ["D"]), size), Self.name("confirm-deactivate", size))
    }

    /// After the server's answer to what the bot owns (the dialog asks as it opens; the lookalike
    /// golden shows it asking).
    @Test(arguments: sizes) func deleteConfirm(size: Size) {
        var state = state(size, ["d"])
        let owner = Fixtures.bots[0].id
        for kind in CredentialKind.allCases {
            let owned = Fixtures.credentials.filter { $0.ownerID == owner && $0.kind == kind }
            _ = reduce(&state, .ownerCredentials(generation: state.loads.generation, owner: owner, kind, owned))
        }
        state.type("ci-run")
        Golden.check(render(state, size), Self.name("confirm-delete", size))
    }

    @Test(arguments: sizes) func help(size: Size) {
        Golden.check(render(state(size, ["?"]), size), Self.name("help", size))
    }

    @Test(arguments: sizes) func filterByCredentialID(size: Size) {
        Golden.check(render(state(size, ["/"], text: Fixtures.credentials[4].id), size), Self.name("filter", size))
    }

    @Test(arguments: sizes) func readOnly(size: Size) {
        Golden.check(render(state(size, readOnly: true), size), Self.name("read-only", size))
    }

    @Test(arguments: sizes) func loadError(size: Size) {
        var state = AppState(apiHost: "api.ngrok.com", now: Fixtures.now)
        _ = reduce(&state, .resized(size))
        _ = reduce(&state, .start)
        let error = NgrokError.api(status: 403, code: "ERR_NGROK_218", message: "Your API key does not have permission (admin required).",
                                   operationID: "op_2fW66mP7xeNvV7mOTPVceqBOkWu", endpoint: "GET /service_users")
        _ = reduce(&state, .listFailed(generation: 1, .bots, error))
        Golden.check(render(state, size), Self.name("load-error", size))
    }

    /// A server that cannot be reached: the counts are not known (not 0), and the list is not
    /// "loading" (found trying it as a user).
    @Test func aBotListThatFailedIsNotAnEmptyAccount() {
        var state = AppState(apiHost: "127.0.0.1:18399", now: Fixtures.now)
        _ = reduce(&state, .resized(Size(width: 120, height: 40)))
        _ = reduce(&state, .start)
        #expect(render(state, Size(width: 120, height: 40)).line(0).contains("? bots · loading"))
        _ = reduce(&state, .listFailed(generation: 1, .bots, .transport(endpoint: "GET /service_users", message: "connection refused")))
        let title = render(state, Size(width: 120, height: 40)).line(0)
        #expect(title.contains("? bots · the bot list failed to load, r retries"), "\(title)")
        #expect(!title.contains("0 bots") && !title.contains("loading"))
    }

    /// The sizes a dialog is drawn at besides the smallest: what a user has.
    static let roomy = [Size(width: 80, height: 24), Size(width: 120, height: 40)]

    /// Activating is not the safe way out of an incident: the dialog opens on Cancel.
    @Test(arguments: roomy) func activateConfirm(size: Size) {
        Golden.check(render(state(size, ["j", "A"]), size), Self.name("confirm-activate", size))
    }

    @Test(arguments: roomy) func bulkConfirm(size: Size) {
        Golden.check(render(state(size, ["<Space>", "<Space>", "D"]), size), Self.name("confirm-bulk-deactivate", size))
    }

    /// Confirmed, not yet answered: the row says what is under way.
    @Test(arguments: roomy) func pendingRow(size: Size) {
        // The cursor moved on, so the row shows the pending style rather than the selection's.
        Golden.check(render(state(size, ["D", "y", "j"]), size), Self.name("pending", size))
    }

    @Test(arguments: roomy) func prompt(size: Size) {
        Golden.check(render(state(size, ["n"], text: "deploy-bot"), size), Self.name("prompt-new-bot", size))
    }

    @Test(arguments: roomy) func choiceMenu(size: Size) {
        Golden.check(render(state(size, ["<Enter>", "c"]), size), Self.name("choice-credential-kind", size))
    }

    @Test(arguments: roomy) func eventLog(size: Size) {
        var state = state(size)
        let error = NgrokError.api(status: 429, code: "ERR_NGROK_226", message: "Too many requests", operationID: "op_2fW66mP7xeNvV7mOTPVceqBOkWu",
                                   endpoint: "GET /ssh_credentials")
        _ = reduce(&state, .listFailed(generation: state.loads.generation, .credentials(.sshCredential), error))
        state.press("!")
        Golden.check(render(state, size), Self.name("event-log", size))
    }

    /// A row with live agents, one of them selected: the LIVE cell has a role of its own.
    @Test(arguments: roomy) func liveSessions(size: Size) {
        Golden.check(render(SessionFixtures.loaded(size: size), size), Self.name("list-live", size))
    }

    /// `LANG=C` at the size the ID column used to vanish at.
    @Test func asciiWide() {
        let size = Size(width: 120, height: 40)
        Golden.check(render(Fixtures.loaded(size: size, display: DisplayOptions(asciiText: true)), size), "ascii-list-120x40")
    }

    @Test func everyRoleHasItsOwnLetter() {
        #expect(Set(StyleRole.allCases) == Set(Golden.roleLetters.keys))
        #expect(Set(Golden.roleLetters.values).count == StyleRole.allCases.count)
    }

    @Test func secretAndMonochromeAscii() {
        let size = Size(width: 80, height: 24)
        var state = Fixtures.loaded(size: size, display: DisplayOptions(color: false, ascii: true))
        Golden.check(render(state, size), "ascii-list-80x24")
        state.createAPIKeyAndShowItsSecret()
        Golden.check(render(state, size), "secret-80x24")
    }
}

@Suite("Text from other people")
struct TextTests {
    /// Shown as markers, not removed: a name with one must not pass for the name without (issue 19, item 13).
    @Test func controlAndBidiCharactersAreShownAsMarkers() {
        let hostile = "evil\u{1B}[31mred\u{07}\u{9B}2J\u{202E}txt.exe\u{2066}x\u{7F}\nline"
        let clean = TextSanitizer.clean(hostile)
        #expect(clean == "evil‹U+001B›[31mred‹U+0007›‹U+009B›2J‹U+202E›txt.exe‹U+2066›x‹U+007F› line")
        #expect(!clean.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
    }

    @Test func widthsFollowWcwidth() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("集成") == 4)
        #expect(DisplayWidth.of("🚀") == 2)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("café") == 4)
    }

    @Test func truncationNeverSplitsACharacter() {
        #expect(DisplayWidth.truncate("集成-tokyo", to: 4) == "集…")
        #expect(DisplayWidth.truncate("集成-tokyo", to: 3) == "集…")
        #expect(DisplayWidth.truncate("e\u{301}e\u{301}e\u{301}", to: 2) == "e\u{301}…")
        #expect(DisplayWidth.fit("🚀x", to: 2) == "… ")
        #expect(DisplayWidth.fit("ab", to: 4) == "ab  ")
    }

    @Test func aHostileNameIsDrawnClean() {
        var state = Fixtures.loaded()
        state.upsertBots([Fixtures.bot(9, "\u{1B}]0;pwned\u{07}\u{1B}[2Jbot")])
        state.refreshVisible()
        let text = render(state, Size(width: 120, height: 40)).text
        #expect(!text.contains("\u{1B}"))
        #expect(text.contains("‹U+001B›]0;pwned‹U+"), "shown, not dropped: it cannot pass for another name")
    }

    @Test func sshFingerprintsMatchSSHKeygen() {
        // `ssh-keygen -lf` printed SHA256:NvLQ9LqSung1GIs3Lvsrg1WClX/FJwqjbeywKRjvhgA for this key.
        let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK5YuVT6oUzN1cgQBwIZKra7AMxPaslwowtUazUZW/U9 test"
        #expect(SSHFingerprint.sha256(publicKey: key) == "SHA256:NvLQ9LqSung1GIs3Lvsrg1WClX/FJwqjbeywKRjvhgA")
        #expect(SSHFingerprint.sha256(publicKey: "ssh-ed25519 not*base64") == nil)
    }

    @Test func wideCharactersOccupyTwoCells() {
        var frame = Frame(size: Size(width: 6, height: 1))
        frame.put("集成ab", x: 0, y: 0)
        #expect(frame.line(0) == "集成ab")
        #expect(frame[1, 0].character == nil)
        var narrow = Frame(size: Size(width: 3, height: 1))
        narrow.put("集成", x: 0, y: 0)
        #expect(narrow.line(0) == "集 ")
    }

    @Test func theSelectedRowIsStyledAcrossTheList() {
        let state = Fixtures.loaded()
        let frame = render(state, Size(width: 120, height: 40))
        // Row 2 is the first bot, selected.
        #expect((0..<60).allSatisfy { frame[$0, 2].role == .selected })
        #expect(frame[2, 3].role == .inactive)
    }
}

@Suite("Frames cannot carry control characters")
struct FrameSafetyTests {
    @Test func everyHostileScalarIsDroppedByPut() {
        var frame = Frame(size: Size(width: 40, height: 1))
        frame.put("a\u{1B}[2J\u{9B}b\u{202E}c\u{2067}d\u{7F}e\u{0}\tf", x: 0, y: 0)
        #expect(frame.line(0).hasPrefix("a[2Jbcdef"))
        let scalars = frame.cells.compactMap(\.character).flatMap(\.unicodeScalars)
        #expect(!scalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || (0x202A...0x202E).contains($0.value) })
    }
}
