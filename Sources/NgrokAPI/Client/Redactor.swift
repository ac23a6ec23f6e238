import Foundation

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
            if let encoded = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) { forms.append(encoded) }
        }
        // Longest first, so a form that contains another is removed whole.
        self.forms = Array(Set(forms)).sorted { $0.count > $1.count }
    }

    public func redact(_ text: String) -> String {
        forms.reduce(text) { $0.replacingOccurrences(of: $1, with: Self.mask) }
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
