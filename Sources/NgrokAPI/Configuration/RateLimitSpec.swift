import Essentials

/// "120/60s": at most so many requests in any window of so long. The client's `--rate-limit` and
/// the simulator's `--rate-window` are written this way.
public struct RateLimitSpec: Sendable, Equatable, CustomStringConvertible {
    public var requests: Int
    public var window: Duration

    public init(requests: Int, window: Duration) {
        self.requests = requests
        self.window = window
    }

    /// Parses `N/<number><unit>` with unit `ms`, `s` or `m` (`120/60s`, `600/5m`, `5/1500ms`).
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1).map { $0.trimmedOfSpaces }
        guard parts.count == 2, let requests = Int(parts[0]), requests > 0 else { return nil }
        let units: [(String, Duration)] = [("ms", .milliseconds(1)), ("s", .seconds(1)), ("m", .seconds(60))]
        guard let (suffix, unit) = units.first(where: { parts[1].hasSuffix($0.0) }),
              let amount = Int(parts[1].dropLast(suffix.count)), amount > 0 else { return nil }
        self.init(requests: requests, window: unit * amount)
    }

    public var description: String {
        let millis = window / .milliseconds(1)
        return millis.truncatingRemainder(dividingBy: 1000) == 0 ? "\(requests)/\(Int(millis / 1000))s" : "\(requests)/\(Int(millis))ms"
    }
}
