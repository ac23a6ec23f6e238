import Foundation

/// Removes the API key from any text that could reach a screen or a log (servers sometimes quote it).
public struct Redactor: Sendable {
    public static let mask = "[redacted]"
    private let secrets: [String]

    public init(secrets: [String]) {
        // Very short strings would redact ordinary words; a real key is far longer.
        self.secrets = secrets.filter { $0.count >= 8 }
    }

    public func redact(_ text: String) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: Self.mask) }
    }
}
