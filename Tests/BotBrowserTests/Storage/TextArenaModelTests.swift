@testable import BotBrowser
import NgrokSimulator
import Testing

/// `TextArena` against a plain array of the entries appended: every text of every entry reads back
/// whole, compares equal to itself and unequal to a longer text, and hashes as its bytes do.
struct TextArenaModelTests {
    /// Lengths around the one- and two-byte length prefixes, and now and then longer than a chunk.
    private static func length(_ random: inout SeededGenerator) -> Int {
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<70: Int.random(in: 0...20, using: &random)
        case 70..<95: Int.random(in: 120...135, using: &random)
        case 95..<99: Int.random(in: 1_000...20_000, using: &random)
        default: Int.random(in: 60_000...70_000, using: &random)
        }
    }

    @Test func everyEntryReadsBackAsItWasAppended() {
        var random = seededGenerator()
        var arena = TextArena()
        var model: [(start: UInt32, texts: [String?])] = []
        for _ in 0..<2_000 {
            let texts: [String?] = (0..<Int.random(in: 1...4, using: &random)).map { _ in
                random.chance(0.1) ? nil : random.text(length: Self.length(&random))
            }
            model.append((arena.append(texts), texts))
        }
        #expect(Set(model.map(\.start)).count == model.count, "every entry starts somewhere of its own")
        for entry in model {
            #expect(arena.texts(at: entry.start, count: entry.texts.count) == entry.texts)
            for (n, text) in entry.texts.enumerated() {
                let bytes = Array((text ?? "").utf8)
                #expect(arena.withText(n, at: entry.start) { Array($0) } == bytes)
                bytes.withUnsafeBufferPointer { utf8 in
                    #expect(arena.text(n, at: entry.start, equals: utf8))
                    #expect(arena.hashOfText(n, at: entry.start) == TextArena.hash(of: utf8))
                }
                (bytes + [UInt8(ascii: "a")]).withUnsafeBufferPointer { #expect(!arena.text(n, at: entry.start, equals: $0)) }
            }
        }
    }
}
