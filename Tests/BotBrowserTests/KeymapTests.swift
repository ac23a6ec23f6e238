import BotBrowser
import Foundation
import Testing

@Suite("Key registry and keymap.conf")
struct KeymapTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func theShippedKeymapConfIsTheBuiltInDefaults() throws {
        let url = Self.repositoryRoot.appendingPathComponent("keymap.conf")
        if Golden.updating { try KeymapFile.render().write(to: url, atomically: true, encoding: .utf8) }
        let text = try String(contentsOf: url, encoding: .utf8)
        let parsed = KeymapFile.apply(text, over: Keymap(bindings: []))
        #expect(parsed.errors.isEmpty)
        #expect(parsed.keymap == Keymap.defaults)
        #expect(text == KeymapFile.render(), "regenerate keymap.conf with: UPDATE_GOLDENS=1 swift test")
    }

    @Test func noKeyIsListedTwiceInOneContext() {
        for context in KeyContext.allCases {
            let keys = KeyBindings.defaults.filter { $0.context == context }.flatMap(\.keys)
            #expect(keys.count == Set(keys).count, "\(context)")
        }
    }

    @Test func everyBindingHasADescriptionAndEveryBrowsingCommandAKey() {
        #expect(KeyBindings.defaults.allSatisfy { !$0.description.isEmpty })
        let browsing: [Command] = [.moveDown, .moveUp, .openDetail, .back, .filter, .deactivate, .deleteBot, .mark,
                                   .activate, .newBot, .renameBot, .refresh, .cycleSort, .help, .quit]
        for command in browsing {
            #expect(!Keymap.defaults.keys(for: command, in: .list).isEmpty, "\(command)")
        }
        #expect(!Keymap.defaults.keys(for: .newCredential, in: .detail).isEmpty)
        #expect(!Keymap.defaults.keys(for: .deleteCredential, in: .detail).isEmpty)
    }

    @Test func theIssuesDefaultKeys() {
        let map = Keymap.defaults
        func command(_ key: String, _ context: KeyContext = .list) -> Command? { map.command(for: KeyName(parse: key)!, in: context) }
        #expect(command("j") == .moveDown && command("<Down>") == .moveDown)
        #expect(command("g") == .top && command("<Home>") == .top && command("G") == .bottom && command("<End>") == .bottom)
        #expect(command("<C-d>") == .halfPageDown && command("<C-u>") == .halfPageUp)
        #expect(command("<PgUp>") == .pageUp && command("<PgDn>") == .pageDown)
        #expect(command("<Enter>") == .openDetail && command("l") == .openDetail)
        #expect(command("<Esc>", .detail) == .back && command("h", .detail) == .back)
        #expect(command("a") == nil && command("d") == .deleteBot && command("<Del>") == .deleteBot)
        #expect(command("<Space>") == .mark && command("D") == .deactivate && command("A") == .activate)
        #expect(command("n") == .newBot && command("e") == .renameBot)
        #expect(command("c", .detail) == .newCredential && command("x", .detail) == .deleteCredential)
        #expect(command("r") == .refresh && command("<C-r>") == .refresh && command("s") == .cycleSort)
        #expect(command("?") == .help && command("q") == .quit && command("/") == .filter)
        #expect(command("y", .confirm) == .yes && command("n", .confirm) == .cancel && command("<Esc>", .confirm) == .cancel)
        // Modal panes do not fall through to the list.
        #expect(command("q", .confirm) == nil)
        #expect(command("d", .prompt) == nil)
    }

    @Test func userLinesApplyOverTheDefaults() {
        let text = """
            # my keys
            bind list x delete-bot      # x deletes too
            unbind list d
            bind list <c-k> move-up
            bind detail q none
            """
        let result = KeymapFile.apply(text, over: .defaults)
        #expect(result.errors.isEmpty)
        #expect(result.keymap.command(for: KeyName(parse: "x")!, in: .list) == .deleteBot)
        #expect(result.keymap.command(for: KeyName(parse: "d")!, in: .list) == nil)
        #expect(result.keymap.command(for: .control("k"), in: .list) == .moveUp)
        #expect(result.keymap.command(for: KeyName(parse: "<Delete>")!, in: .list) == .deleteBot)
    }

    @Test func everyKindOfBadLineIsReportedAndTheRestLoads() {
        let text = """
            bind list j move-up
            frobnicate list j quit
            bind nowhere j quit
            bind list <Nope> quit
            bind list k teleport
            bind list k
            unbind list
            unbind list <C-}>
            bind list J bottom
            """
        let result = KeymapFile.apply(text, over: .defaults, fileName: "keymap.conf")
        #expect(result.errors.count == 7)
        #expect(result.errors[0] == "keymap.conf:2: unknown directive 'frobnicate' (expected bind or unbind)")
        #expect(result.errors[1].hasPrefix("keymap.conf:3: unknown context 'nowhere'"))
        #expect(result.errors[2].hasPrefix("keymap.conf:4: unknown key '<Nope>'"))
        #expect(result.errors[3] == "keymap.conf:5: unknown command 'teleport'")
        #expect(result.errors[4] == "keymap.conf:6: expected: bind <context> <key> <command>")
        #expect(result.errors[5] == "keymap.conf:7: expected: unbind <context> <key>")
        #expect(result.errors[6].hasPrefix("keymap.conf:8: unknown key '<C-}>'"))
        #expect(result.keymap.command(for: KeyName(parse: "j")!, in: .list) == .moveUp)
        #expect(result.keymap.command(for: KeyName(parse: "J")!, in: .list) == .bottom)
    }

    @Test func quitAndHelpStayReachable() {
        let text = """
            unbind global q
            unbind global ?
            unbind global <F1>
            """
        var keymap = KeymapFile.apply(text, over: .defaults).keymap
        #expect(keymap.keys(for: .quit, in: .list).isEmpty)
        let notes = keymap.restoreEssentials()
        #expect(notes.count == 2)
        #expect(keymap.command(for: KeyName(parse: "q")!, in: .list) == .quit)
        #expect(keymap.command(for: KeyName(parse: "?")!, in: .list) == .help)
        // Even when the user gave q to something else in the list.
        var taken = KeymapFile.apply("unbind global q\nbind list q top\n", over: .defaults).keymap
        _ = taken.restoreEssentials()
        #expect(!taken.keys(for: .quit, in: .list).isEmpty)
        #expect(!taken.keys(for: .quit, in: .detail).isEmpty)
    }

    @Test func readOnlyRemovesMutationsFromKeysHintsAndHelp() {
        var state = Fixtures.loaded(readOnly: true)
        let help = HelpView.lines(keymap: state.settings.keymap, context: .list, readOnly: true).joined(separator: "\n")
        #expect(!help.contains("Delete the bot"))
        #expect(!help.contains("Deactivate"))
        #expect(help.contains("Quit"))
        let frame = render(state, Size(width: 200, height: 40))
        let hints = frame.line(39)
        #expect(!hints.contains("delete") && !hints.contains("activate") && !hints.contains("new"))
        #expect(hints.contains("filter"))
        state.press("<Enter>")
        #expect(!render(state, Size(width: 200, height: 40)).line(39).contains("credential"))
    }
}
