/// What an id's shape suggests. ngrok ids are a prefix and 27 base-62 characters; the prefix only
/// picks which endpoint to ask first, and the server's answer decides what the object is.
public enum ObjectID {
    public enum Guess: Sendable, Equatable {
        case bot
        case credential(CredentialKind)
        /// A live agent session (`ts_…`).
        case tunnelSession
    }

    static let bodyLength = 27

    private static let prefixes: [(String, Guess)] = [
        ("service_", .bot), ("bot_", .bot), ("ak_", .credential(.apiKey)), ("cr_", .credential(.authtoken)),
        ("sshcr_", .credential(.sshCredential)), ("ts_", .tunnelSession),
    ]

    /// The guess for a complete id (`ak_…`, `cr_…`, `sshcr_…`, `service_…` or `bot_…`, `ts_…`), or nil
    /// for anything else, including an id still being typed.
    public static func guess(_ text: String) -> Guess? {
        for (prefix, guess) in prefixes where text.hasPrefix(prefix) {
            return body(of: text, prefix: prefix) == nil ? nil : guess
        }
        return nil
    }

    /// Text that starts like one of these ids (and has no space) but is not a complete one: a
    /// pasted id cut short or mistyped. Reported as a malformed id, not looked up as a name.
    public static func isMalformed(_ text: String) -> Bool {
        guard guess(text) == nil, !text.contains(where: \.isWhitespace) else { return false }
        return prefixes.contains { text.hasPrefix($0.0) && text.utf8.count > $0.0.utf8.count }
            && text.utf8.allSatisfy { isBase62($0) || $0 == UInt8(ascii: "_") }
    }

    /// The 27 base-62 characters after `prefix`, or nil when `text` is not exactly that.
    static func body(of text: some StringProtocol, prefix: String) -> String? {
        let body = text.utf8.dropFirst(prefix.utf8.count)
        guard body.count == bodyLength, body.allSatisfy(isBase62) else { return nil }
        return String(decoding: body, as: UTF8.self)
    }

    static func isBase62(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
    }
}
