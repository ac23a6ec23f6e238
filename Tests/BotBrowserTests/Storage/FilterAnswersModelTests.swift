@testable import BotBrowser
import Foundation
import NgrokSimulator
import Testing

/// `FilterAnswers` as the filter uses it (narrow the smallest earlier answer whose needle is part
/// of this one, else scan everything; remember the answer) against a plain scan of every text, through
/// typing, Backspace and new needles: the narrowed answer is always the whole one, and an answer
/// is kept for exactly the last 40 needles remembered.
struct FilterAnswersModelTests {
    @Test func narrowingAlwaysGivesWhatAWholeScanGives() {
        var random = seededGenerator()
        let alphabet = Array("ab_0k".utf8)
        let texts = (0..<300).map { _ in (0..<Int.random(in: 0...12, using: &random)).map { _ in alphabet.randomElement(using: &random)! } }
        func scan(_ needle: [UInt8], among slots: [Int32]) -> [Int32] {
            slots.filter { ByteSearch.firstOffset(of: needle, in: texts[Int($0)]) != nil }
        }
        let every = texts.indices.map { Int32($0) }
        var answers = FilterAnswers()
        var remembered: [[UInt8]] = []
        var needle: [UInt8] = []
        for step in 0..<4_000 {
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<6: needle.append(alphabet.randomElement(using: &random)!)
            case 6..<9: if !needle.isEmpty { needle.removeLast() }
            default: needle = (0..<Int.random(in: 1...3, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            }
            if needle.isEmpty { continue }
            let expected = scan(needle, among: every)
            #expect((answers.answer(for: needle) != nil) == remembered.suffix(40).contains(needle), "step \(step)")
            if let known = answers.answer(for: needle) {
                #expect(known == expected, "a kept answer at step \(step)")
                continue
            }
            let candidates = answers.candidates(for: needle) ?? every
            #expect(Set(expected).isSubset(of: Set(candidates)), "the candidates hold every match at step \(step)")
            let found = scan(needle, among: candidates)
            #expect(found == expected, "step \(step)")
            answers.remember(needle, found)
            remembered.append(needle)
        }
    }
}
