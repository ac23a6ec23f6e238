import Foundation
import NgrokSimulator

/// The generator for one randomized test. Its seed is printed, and `TEST_SEED=<seed>` replays a
/// run: a failure seen once can be seen again and fixed.
func seededGenerator(for test: String = #function) -> SeededGenerator {
    let seed = ProcessInfo.processInfo.environment["TEST_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: .min ... .max)
    print("\(test): seed \(seed) (TEST_SEED=\(seed) replays it)")
    return SeededGenerator(seed: seed)
}

extension SeededGenerator {
    /// Letters and digits a few of which make most texts, so that repeats and near-misses are
    /// common; other scripts and a capital so that folding is exercised too.
    static let textAlphabet = ["a", "b", "0", "_", "-", "K", "é", "İ", "集", "🔑"]

    /// A text of `length` characters drawn from `textAlphabet`.
    mutating func text(length: Int) -> String {
        (0..<length).map { _ in Self.textAlphabet[Int.random(in: 0..<Self.textAlphabet.count, using: &self)] }.joined()
    }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
}

/// Whether `needle` occurs in `text` lower-cased, compared byte by byte: the plain definition that
/// the filter's folded byte search must agree with.
func plainlyContains(_ text: String, _ needle: String) -> Bool {
    let haystack = Array(text.lowercased().utf8), wanted = Array(needle.utf8)
    guard haystack.count >= wanted.count else { return false }
    return (0...(haystack.count - wanted.count)).contains { Array(haystack[$0..<($0 + wanted.count)]) == wanted }
}
