#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NgrokAPI

/// One bot with its credential counts, as `ngrok-bots list` prints it.
public struct BotListRow: Sendable, Equatable, Encodable {
    public var id: String
    public var name: String
    public var active: Bool
    public var createdAt: Date
    public var apiKeys: Int
    public var authtokens: Int
    public var sshCredentials: Int

    public init(bot: BotUser, counts: CredentialCounts) {
        id = bot.id
        name = bot.name
        active = bot.active
        createdAt = bot.createdAt
        apiKeys = counts.apiKeys
        authtokens = counts.authtokens
        sshCredentials = counts.sshCredentials
    }

    enum CodingKeys: String, CodingKey {
        case id, name, active
        case createdAt = "created_at"
        case apiKeys = "api_keys"
        case authtokens
        case sshCredentials = "ssh_credentials"
    }

    public static func json(_ rows: [BotListRow]) throws -> String {
        let encoder = APIJSON.encoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(rows), as: UTF8.self)
    }

    /// An aligned table; names are cleaned of control characters, since they come from other people.
    public static func table(_ rows: [BotListRow]) -> String {
        let header = ["ID", "NAME", "STATE", "API KEYS", "AUTHTOKENS", "SSH KEYS", "CREATED"]
        let body = rows.map { row in
            [TextSanitizer.clean(row.id), TextSanitizer.clean(row.name), row.active ? "active" : "inactive", String(row.apiKeys),
             String(row.authtokens), String(row.sshCredentials), APIJSON.formatTimestamp(row.createdAt)]
        }
        return DisplayWidth.columns([header] + body)
    }
}
