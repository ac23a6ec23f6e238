#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Removes the API key from any text that could reach a screen or a log (servers sometimes quote it,
/// and an error's description may quote a request header).
public struct Redactor: Sendable {
    public static let mask = "[redacted]"
    /// The longest text kept from a server's message; longer ones are cut after redaction, so the cut
    /// can never leave part of the key behind.
    public static let maxMessageLength = 200
    private let forms: [String]

    public init(secrets: [String]) {
        // Every length of key is redacted: a short key quoted by a server is still the key. Besides
        // the key itself, the forms it takes inside a Swift description, JSON and a URL are removed.
        var forms: [String] = []
        for secret in secrets where !secret.isEmpty {
            forms.append(secret)
            forms.append(String(String(reflecting: secret).dropFirst().dropLast()))
            if let json = try? JSONEncoder().encode(secret) {
                forms.append(String(String(decoding: json, as: UTF8.self).dropFirst().dropLast()))
            }
            // Foundation's `.alphanumerics` also kept non-ASCII letters; a key has none (APIKeyText).
            forms.append(PercentEncoding.encode(secret, allowing: PercentEncoding.isAlphanumeric))
        }
        // Longest first, so a form that contains another is removed whole.
        self.forms = Array(Set(forms)).sorted { $0.count > $1.count }
    }

    public func redact(_ text: String) -> String {
        forms.reduce(text) { $0.replacingEvery($1, with: Self.mask) }
    }

    public func redact(_ text: String?) -> String? {
        text.map { redact($0) }
    }

    /// Redacts, then shortens to `maxMessageLength` characters.
    public func redactAndTruncate(_ text: String) -> String {
        let clean = redact(text)
        return clean.count > Self.maxMessageLength ? String(clean.prefix(Self.maxMessageLength)) + "…" : clean
    }
}
