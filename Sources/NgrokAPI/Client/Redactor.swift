import Essentials

/// Removes the API key from any text that could reach a screen or a log (servers sometimes quote it,
/// and an error's description may quote a request header).
public struct Redactor: Sendable {
    public static let mask = "[redacted]"
    /// The longest text kept from a server's message; longer ones are cut after redaction, so the cut
    /// can never leave part of the key behind.
    public static let maxMessageLength = 200
    private let forms: [String]
    /// The secrets as scalars, for the search that sees through invisible characters.
    private let secrets: [[Unicode.Scalar]]
    /// Shorter texts cannot hold a secret, however it is written: most names and descriptions.
    private let shortest: Int

    /// Where `Decodable` models find the redactor, so a name or description quoting the key is
    /// redacted as it is read (`KeyedDecodingContainer.decodeServerText`).
    public static let userInfoKey = CodingUserInfoKey(rawValue: "ngrok-bots.redactor")!

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
        self.secrets = secrets.filter { !$0.isEmpty }.map { Array($0.unicodeScalars) }
        self.shortest = self.secrets.map(\.count).min() ?? Int.max
    }

    public func redact(_ text: String) -> String {
        guard text.unicodeScalars.count >= shortest else { return text }
        let plain = forms.reduce(text) { $0.replacingEvery($1, with: Self.mask) }
        // Printable ASCII without `%` can hide nothing between a key's characters: the plain
        // forms above were the whole search (most names and descriptions; a list page has 100).
        if plain.utf8.allSatisfy({ (0x20...0x7E).contains($0) && $0 != UInt8(ascii: "%") }) { return plain }
        return secrets.reduce(plain) { Self.maskHidden($1, in: $0) }
    }

    /// Masks `secret` where it is written with invisible characters inside it (zero-width,
    /// bidi and other format characters, controls, line breaks: what the screen drops or a
    /// terminal joins) or percent-encoded in any case: each would be drawn, or read, whole.
    static func maskHidden(_ secret: [Unicode.Scalar], in text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        // What a reader sees: each visible scalar with the span of the text it came from.
        var seen: [(scalar: Unicode.Scalar, start: Int, end: Int)] = []
        var index = 0
        while index < scalars.count {
            if let decoded = percentDecoded(scalars, at: index) {
                seen.append((decoded, index, index + 3))
                index += 3
                continue
            }
            if !isInvisible(scalars[index]) { seen.append((scalars[index], index, index + 1)) }
            index += 1
        }
        guard seen.count >= secret.count else { return text }
        var spans: [Range<Int>] = []
        var position = 0
        while position + secret.count <= seen.count {
            if seen[position].scalar == secret[0], (1..<secret.count).allSatisfy({ seen[position + $0].scalar == secret[$0] }) {
                spans.append(seen[position].start..<seen[position + secret.count - 1].end)
                position += secret.count
            } else {
                position += 1
            }
        }
        guard !spans.isEmpty else { return text }
        var result = String.UnicodeScalarView()
        var cursor = 0
        for span in spans {
            result.append(contentsOf: scalars[cursor..<span.lowerBound])
            result.append(contentsOf: mask.unicodeScalars)
            cursor = span.upperBound
        }
        result.append(contentsOf: scalars[cursor...])
        return String(result)
    }

    private static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: true
        default: false
        }
    }

    /// `%5f` or `%5F` at `index`, as the scalar it stands for.
    private static func percentDecoded(_ scalars: [Unicode.Scalar], at index: Int) -> Unicode.Scalar? {
        guard scalars[index] == "%", index + 2 < scalars.count,
              let high = hexValue(scalars[index + 1]),
              let low = hexValue(scalars[index + 2]) else { return nil }
        return Unicode.Scalar(UInt8(high * 16 + low))
    }

    private static func hexValue(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar {
        case "0"..."9": Int(scalar.value - 48)
        case "a"..."f": Int(scalar.value - 87)
        case "A"..."F": Int(scalar.value - 55)
        default: nil
        }
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

extension KeyedDecodingContainer {
    /// A string the server chose (a name, a description, metadata), with the API key masked in
    /// every form it could be drawn in, when the decoder carries a `Redactor`.
    public func decodeServerText(forKey key: Key, decoder: any Decoder) throws -> String? {
        guard let text = try decodeIfPresent(String.self, forKey: key) else { return nil }
        return (decoder.userInfo[Redactor.userInfoKey] as? Redactor)?.redact(text) ?? text
    }
}
