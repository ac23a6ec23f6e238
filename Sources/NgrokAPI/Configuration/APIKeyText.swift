import Essentials

/// The rules an API key must meet before anything is sent with it. An HTTP header cannot carry a
/// line break or a control character, and a key that breaks the header would end up quoted in the
/// error; so a bad key is refused here, with a message that says where it came from and what is
/// wrong, never what it is.
public enum APIKeyText {
    /// A file holds the key on its first non-blank line; any later line must be blank or a `#` comment.
    public static func key(inFile text: String, origin: String) throws(NgrokError) -> String {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .map(\.trimmedOfSpaces)
        while let first = lines.first, first.isEmpty { lines.removeFirst() }
        guard let first = lines.first else { throw .missingAPIKey("the API key file \(origin) is empty") }
        if let extra = lines.dropFirst().firstIndex(where: { !$0.isEmpty && !$0.hasPrefix("#") }) {
            throw .invalidAPIKey("the API key file \(origin) has more than the key in it (line \(extra + 1) "
                                 + "is neither blank nor a # comment); put the key alone on the first line")
        }
        return try checked(first, origin: origin)
    }

    /// One key, trimmed; refused unless every character is printable ASCII.
    public static func checked(_ raw: String, origin: String) throws(NgrokError) -> String {
        let key = raw.trimmed
        guard !key.isEmpty else { throw .missingAPIKey("the API key from \(origin) is empty") }
        if let bad = key.unicodeScalars.firstIndex(where: { !(0x21...0x7E).contains($0.value) }) {
            let position = key.unicodeScalars.distance(from: key.unicodeScalars.startIndex, to: bad) + 1
            throw .invalidAPIKey("the API key from \(origin) has a character that is not printable ASCII "
                                 + "(a space, control character or non-ASCII letter at position \(position)); "
                                 + "an ngrok API key has none")
        }
        return key
    }
}
