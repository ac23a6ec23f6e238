import Essentials

/// What was created since a time: the persistence an attacker with a leaked admin key may have left
/// (new bots, API keys, authtokens, SSH keys). Read by `NgrokClient.createdSince`.
public struct CreatedSince: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        /// `bot`, or a credential kind's name (`api_key`, `authtoken`, `ssh_credential`).
        public var kind: String
        public var id: String
        public var createdAt: Date
        public var description: String
        /// For a credential: its owner bot, when the owner is a bot still in the account.
        public var owner: BotUser?
        /// For a credential: its owner's id (a person's `usr_…`, or a bot's).
        public var ownerID: String?
        /// For a bot: itself, as listed.
        public var bot: BotUser?
        /// For a credential: itself, as listed (never with a token: lists do not carry one).
        public var credential: Credential?

        public init(kind: String, id: String, createdAt: Date, description: String, owner: BotUser? = nil, ownerID: String? = nil,
                    bot: BotUser? = nil, credential: Credential? = nil) {
            self.kind = kind
            self.id = id
            self.createdAt = createdAt
            self.description = description
            self.owner = owner
            self.ownerID = ownerID
            self.bot = bot
            self.credential = credential
        }

        public init(_ bot: BotUser) {
            self.init(kind: "bot", id: bot.id, createdAt: bot.createdAt, description: bot.name, bot: bot)
        }

        public init(_ credential: Credential, owner: BotUser?) {
            self.init(kind: credential.kind.rawValue, id: credential.id, createdAt: credential.createdAt, description: credential.description,
                      owner: owner, ownerID: credential.ownerID, credential: credential.withoutToken)
        }

        /// The bot the entry is, or the bot that owns it; nil for a person's credential or one
        /// whose owner bot is gone.
        public var botOrOwner: BotUser? { bot ?? owner }
    }

    public var since: Date
    /// Newest first.
    public var entries: [Entry]

    public init(since: Date, entries: [Entry]) {
        self.since = since
        self.entries = entries
    }
}
