@testable import BotBrowser
import NgrokSimulator
import Testing

/// `Interned` against a plain array of the distinct values in the order first seen: a value's
/// number is its place there, and a number gives the value back.
struct InternedModelTests {
    @Test func aValueKeepsTheNumberItFirstGot() {
        var random = seededGenerator()
        var interned = Interned("")
        var model = [""]
        for _ in 0..<5_000 {
            let value = random.text(length: Int.random(in: 0...3, using: &random))
            let expected = model.firstIndex(of: value) ?? model.count
            if expected == model.count { model.append(value) }
            #expect(interned.number(of: value) == Int32(expected), "\(value)")
        }
        for (number, value) in model.enumerated() { #expect(interned[Int32(number)] == value) }
    }
}
