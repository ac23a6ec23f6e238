import BotBrowser
import NgrokAPI

/// `ngrok-bots list`: every bot with how many credentials of each kind it owns.
extension RunbookReport {
    public struct ListedBot: Encodable, Sendable, Equatable {
        public var bot: Bot
        public var counts: CredentialCounts

        public init(_ bot: BotUser, counts: CredentialCounts) {
            self.bot = Bot(bot)
            self.counts = counts
        }

        enum CountKeys: String, CodingKey {
            case apiKeys = "api_keys"
            case authtokens
            case sshCredentials = "ssh_credentials"
        }

        /// The bot's own fields, and its counts beside them (one flat object per bot).
        public func encode(to encoder: any Encoder) throws {
            try bot.encode(to: encoder)
            var container = encoder.container(keyedBy: CountKeys.self)
            try container.encode(counts.apiKeys, forKey: .apiKeys)
            try container.encode(counts.authtokens, forKey: .authtokens)
            try container.encode(counts.sshCredentials, forKey: .sshCredentials)
        }
    }

    public static func listTable(_ rows: [ListedBot]) -> String {
        table(["ID", "NAME", "STATE", "API KEYS", "AUTHTOKENS", "SSH KEYS", "CREATED"], rows.map { row in
            [row.bot.id, row.bot.name, row.bot.active ? "active" : "inactive", String(row.counts.apiKeys), String(row.counts.authtokens),
             String(row.counts.sshCredentials), APIJSON.formatTimestamp(row.bot.createdAt)]
        })
    }
}
