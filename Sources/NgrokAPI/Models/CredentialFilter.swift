import Essentials

/// Which credentials of a list to ask for. The server filters with a CEL expression (ngrok's
/// "API Filtering"); a server that refuses it is answered by filtering the full list here, with
/// the same meaning.
public enum CredentialFilter: Sendable, Equatable {
    /// Every credential.
    case all
    /// One owner's (a bot's or a person's).
    case owner(String)
    /// Those whose description contains the text, case-sensitively as the server compares.
    case descriptionContains(String)
    /// Those created at or after this time.
    case createdSince(Date)

    /// The `filter=` expression, nil for `.all`.
    public var cel: String? {
        switch self {
        case .all: nil
        case .owner(let id): Self.naming("obj.owner_id", id)
        case .descriptionContains(let text): "obj.description.contains(\(Self.quoted(text)))"
        case .createdSince(let time): Self.createdSinceCEL(time)
        }
    }

    public func matches(_ credential: Credential) -> Bool {
        switch self {
        case .all: true
        case .owner(let id): BotID.same(credential.ownerID, id)
        case .descriptionContains(let text): credential.description.contains(text)
        case .createdSince(let time): credential.createdAt >= time
        }
    }

    /// `obj.created_at >= timestamp("…")`, in whole seconds rounded down, so nothing created in
    /// the same second is left out (the local check drops what is earlier).
    public static func createdSinceCEL(_ time: Date) -> String {
        "obj.created_at >= timestamp(\(quoted(APIJSON.formatTimestamp(Date(timeIntervalSince1970: time.timeIntervalSince1970.rounded(.down))))))"
    }

    /// `field == "id"`; for a bot, in both spellings, since the API may spell a service user either
    /// way where another object names it (`BotID`).
    static func naming(_ field: String, _ id: String) -> String {
        guard let bot = BotID(id) else { return "\(field) == \(quoted(id))" }
        return BotResource.allCases.map { "\(field) == \(quoted(bot.spelled(for: $0)))" }.joined(separator: " || ")
    }

    /// A CEL string literal: backslashes and quotes escaped, so user text cannot end the string.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingEvery("\\", with: "\\\\").replacingEvery("\"", with: "\\\"") + "\""
    }
}
