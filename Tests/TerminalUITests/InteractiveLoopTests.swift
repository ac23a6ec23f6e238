import BotBrowser
import Foundation
import NgrokAPI
import Testing
import TerminalUI

/// A terminal that plays back events and keeps what was drawn.
final class FakeTerminal: Terminal {
    var size: Size
    var events: [TerminalEvent]
    var frames: [Frame] = []
    var restoreCount = 0

    init(size: Size, events: [TerminalEvent]) {
        self.size = size
        self.events = events
    }

    func draw(_ frame: Frame) { frames.append(frame) }

    func readEvent() -> TerminalEvent? {
        guard !events.isEmpty else { return nil }
        let event = events.removeFirst()
        if case .resize(let newSize) = event { size = newSize }
        return event
    }

    func restore() { restoreCount += 1 }

    var copied: [String] = []
    func copyToClipboard(_ text: String) { copied.append(text) }
}

@Suite("The interactive loop with a fake terminal")
struct InteractiveLoopTests {
    @Test func startsLoadingDrawsAndQuitsRestoringTheTerminal() {
        let terminal = FakeTerminal(size: Size(width: 80, height: 24), events: [.key(KeyName(parse: "j")!), .key(KeyName(parse: "q")!)])
        var performed: [Effect] = []
        let exit = InteractiveLoop().run(state: AppState(apiHost: "h"), terminal: terminal, signals: nil) { performed.append($0) }
        #expect(exit == .quit)
        #expect(terminal.restoreCount == 1)
        #expect(performed == [.load(.bots, generation: 1)])
        #expect(terminal.frames.first?.line(1).contains("NAME") == true)
    }

    @Test func resultsPostedFromOtherThreadsReachTheScreen() {
        let loop = InteractiveLoop()
        let bot = BotUser(id: "bot_1", name: "posted-bot", active: true, createdAt: Date())
        loop.post(.botsPage(generation: 1, [bot]))
        let terminal = FakeTerminal(size: Size(width: 80, height: 24), events: [.key(KeyName(parse: "j")!), .key(KeyName(parse: "q")!)])
        _ = loop.run(state: AppState(apiHost: "h"), terminal: terminal, signals: nil) { _ in }
        #expect(terminal.frames.contains { $0.text.contains("posted-bot") })
    }

    @Test func tooSmallShowsTheMessageAndOnlyQuitWorks() {
        let events: [TerminalEvent] = [.resize(Size(width: 40, height: 10)), .key(KeyName(parse: "n")!), .key(KeyName(parse: "q")!)]
        let terminal = FakeTerminal(size: Size(width: 80, height: 24), events: events)
        var performed: [Effect] = []
        let exit = InteractiveLoop().run(state: AppState(apiHost: "h"), terminal: terminal, signals: nil) { performed.append($0) }
        #expect(exit == .quit)
        #expect(terminal.frames.last?.text.contains("Terminal too small") == true)
        #expect(performed.count == 1)
    }

    @Test func keyCodesBecomeRegistryNames() {
        #expect(KeyDecoder.character(13) == .enter)
        #expect(KeyDecoder.character(27) == .escape)
        #expect(KeyDecoder.character(127) == .backspace)
        #expect(KeyDecoder.character(4) == .control("d"))
        #expect(KeyDecoder.character(32) == KeyName(parse: "<Space>"))
        #expect(KeyDecoder.character(0x96C6) == .character("集"))
        #expect(KeyDecoder.functionKey(0o402) == KeyName(parse: "<Down>"))
        #expect(KeyDecoder.functionKey(0o522) == KeyName(parse: "<PgDn>"))
        #expect(KeyDecoder.functionKey(0o411) == KeyName(parse: "<F1>"))
        #expect(KeyDecoder.functionKey(0o512) == KeyName(parse: "<Del>"))
    }
}
