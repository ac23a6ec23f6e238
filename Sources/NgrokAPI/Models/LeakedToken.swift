/// A leaked API key's or authtoken's token, recognised without ever being sent: a token is
/// `<the KSUID of its id>_<secret>` (ngrok's reference: `cr_32ELEkz2jOTMtPWtYLYm5yxBjvW` has the
/// token `32ELEkz2jOTMtPWtYLYm5yxBjvW_714P…`), so the id it belongs to is derived here and the
/// secret is dropped. Only the KSUID leaves this type.
public struct LeakedToken: Sendable, Equatable {
    public let ksuid: String

    /// The shortest secret taken for one: shorter text after a KSUID-like word is not a token.
    static let shortestSecret = 10

    /// The ids the token can belong to: an API key's or an authtoken's.
    public var candidates: [(kind: CredentialKind, id: String)] {
        [(.apiKey, CredentialKind.apiKey.idPrefix + ksuid), (.authtoken, CredentialKind.authtoken.idPrefix + ksuid)]
    }

    /// "ak_… or cr_…", for messages.
    public var candidatesText: String { candidates.map(\.id).joined(separator: " or ") }

    /// The first token in `text`: alone, or a word of a line such as `authtoken: …`, `api_key: "…"`
    /// or `NGROK_AUTHTOKEN=…`.
    public static func find(in text: String) -> LeakedToken? {
        let separators: Set<Character> = [" ", "\t", "\n", "\r", "=", ":", "\"", "'", ",", ";", "`", "(", ")", "[", "]", "{", "}"]
        for word in text.split(whereSeparator: { separators.contains($0) }) {
            let parts = word.split(separator: "_", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].utf8.count == ObjectID.bodyLength, parts[1].utf8.count >= shortestSecret,
                  parts[0].utf8.allSatisfy(ObjectID.isBase62), parts[1].utf8.allSatisfy(ObjectID.isBase62) else { continue }
            return LeakedToken(ksuid: String(parts[0]))
        }
        return nil
    }

    /// From a KSUID already taken out of a token (never from the token itself).
    public init(ksuid: String) {
        self.ksuid = ksuid
    }
}
