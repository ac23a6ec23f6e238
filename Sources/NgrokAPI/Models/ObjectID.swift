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

    /// The guess for a complete id (`ak_…`, `cr_…`, `sshcr_…`, `bot_…`, `ts_…`), or nil for anything else,
    /// including an id still being typed.
    public static func guess(_ text: String) -> Guess? {
        let prefixes: [(String, Guess)] = [
            ("bot_", .bot), ("ak_", .credential(.apiKey)), ("cr_", .credential(.authtoken)),
            ("sshcr_", .credential(.sshCredential)), ("ts_", .tunnelSession),
        ]
        for (prefix, guess) in prefixes where text.hasPrefix(prefix) {
            let body = text.utf8.dropFirst(prefix.utf8.count)
            let alphanumeric = body.allSatisfy { (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) }
            return body.count == bodyLength && alphanumeric ? guess : nil
        }
        return nil
    }
}
