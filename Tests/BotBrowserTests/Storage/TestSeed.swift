import Foundation
import NgrokSimulator

/// The generator for one randomized test. Its seed is printed, and `TEST_SEED=<seed>` replays a
/// run: a failure seen once can be seen again and fixed.
func seededGenerator(for test: String = #function) -> SeededGenerator {
    let seed = ProcessInfo.processInfo.environment["TEST_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: .min ... .max)
    print("\(test): seed \(seed) (TEST_SEED=\(seed) replays it)")
    return SeededGenerator(seed: seed)
}
