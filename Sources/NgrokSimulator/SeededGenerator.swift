/// SplitMix64: a small, fast generator whose output depends only on the seed, so the demo and the
/// tests see the same account every time.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    /// An id shaped like ngrok's: a prefix and 27 base-62 characters.
    public mutating func id(prefix: String) -> String {
        prefix + String((0..<27).map { _ in Self.alphabet[Int(next() % 62)] })
    }

    public mutating func token(length: Int = 48) -> String {
        String((0..<length).map { _ in Self.alphabet[Int(next() % 62)] })
    }
}
