import BotBrowser
import Essentials
import NgrokAPI

/// The `--json` shapes of the runbook commands. Stable: fields are only ever added (README, "JSON").
public enum RunbookReport {
    public struct Bot: Encodable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var active: Bool
        public var createdAt: Date

        public init(_ bot: BotUser) {
            id = bot.id
            name = bot.name
            active = bot.active
            createdAt = bot.createdAt
        }

        enum CodingKeys: String, CodingKey {
            case id, name, active
            case createdAt = "created_at"
        }
    }

    public struct CredentialInfo: Encodable, Sendable, Equatable {
        public var id: String
        /// `api_key`, `authtoken` or `ssh_credential`.
        public var kind: String
        public var ownerID: String?
        public var description: String
        public var createdAt: Date
        public var acl: [String]
        /// `SHA256:…` for an SSH key, as `ssh-keygen -l` prints it.
        public var sshFingerprint: String?

        public init(_ credential: Credential) {
            id = credential.id
            kind = credential.kind.rawValue
            ownerID = credential.ownerID
            description = credential.description
            createdAt = credential.createdAt
            acl = credential.acl
            sshFingerprint = credential.publicKey.flatMap(SSHFingerprint.sha256(publicKey:))
        }

        enum CodingKeys: String, CodingKey {
            case id, kind, description, acl
            case ownerID = "owner_id"
            case createdAt = "created_at"
            case sshFingerprint = "ssh_fingerprint"
        }
    }

    /// `show`: one bot and every credential it owns.
    public struct Show: Encodable, Sendable {
        public var bot: Bot
        public var credentials: [CredentialInfo]

        public init(bot: BotUser, credentials: [Credential]) {
            self.bot = Bot(bot)
            self.credentials = credentials.map(CredentialInfo.init)
        }
    }

    /// `deactivate`, `activate`: one entry per bot named.
    public struct SetActive: Encodable, Sendable {
        public var bot: Bot
        /// `changed`, `unchanged` (it already was in that state when read; sent anyway, and the server confirmed) or `failed`.
        public var outcome: String
        public var error: String?
        /// `deactivate` only: the ids of the live agent sessions still on the bot's authtokens and
        /// SSH keys after the change; absent when they could not be read.
        public var liveSessions: [String]?

        public init(_ outcome: SetActiveOutcome, liveSessions: [TunnelSession]? = nil) {
            bot = Bot(outcome.bot)
            self.outcome = outcome.error != nil ? "failed" : (outcome.changed ? "changed" : "unchanged")
            error = outcome.error?.summary
            self.liveSessions = liveSessions?.map(\.id)
        }

        enum CodingKeys: String, CodingKey {
            case bot, outcome, error
            case liveSessions = "live_sessions"
        }
    }

    /// `delete`: each bot deleted and the credentials revoked with it.
    public struct Deleted: Encodable, Sendable {
        public var bot: Bot
        public var revoked: [CredentialInfo]
        /// The ids of the live agent sessions still on the revoked authtokens and SSH keys after
        /// the delete; absent when they could not be read.
        public var liveSessions: [String]?

        public init(bot: BotUser, revoked: [Credential], liveSessions: [TunnelSession]? = nil) {
            self.bot = Bot(bot)
            self.revoked = revoked.map(CredentialInfo.init)
            self.liveSessions = liveSessions?.map(\.id)
        }

        enum CodingKeys: String, CodingKey {
            case bot, revoked
            case liveSessions = "live_sessions"
        }
    }

    /// `create-credential` and `rotate`: the new credential and its secret, shown this once.
    public struct Created: Encodable, Sendable {
        public var id: String
        public var kind: String
        public var ownerID: String?
        public var description: String
        public var token: String?
        /// `rotate` only: the credential it replaced, and whether that one is now deleted.
        public var replaced: String?
        public var replacedDeleted: Bool?

        public init(_ credential: Credential, replaced: String? = nil, replacedDeleted: Bool? = nil) {
            id = credential.id
            kind = credential.kind.rawValue
            ownerID = credential.ownerID
            description = credential.description
            token = credential.token
            self.replaced = replaced
            self.replacedDeleted = replacedDeleted
        }

        enum CodingKeys: String, CodingKey {
            case id, kind, description, token, replaced
            case ownerID = "owner_id"
            case replacedDeleted = "replaced_deleted"
        }
    }

    /// `find`: every match, with why it matched.
    public struct Found: Encodable, Sendable {
        public struct Match: Encodable, Sendable {
            /// `id`, `name` or `description`.
            public var reason: String
            public var bot: Bot?
            public var credential: CredentialInfo?
            /// Set when the owner is not a bot (a person, `usr_…`): there is no bot to deactivate.
            public var ownerID: String?
            /// The live session a `ts_…` id or an IP address named.
            public var session: Session?

            enum CodingKeys: String, CodingKey {
                case reason, bot, credential, session
                case ownerID = "owner_id"
            }
        }

        public var matches: [Match]

        public init(_ matches: [FindMatch]) {
            self.matches = matches.map {
                Match(reason: $0.reason.rawValue, bot: $0.bot.map(Bot.init), credential: $0.credential.map(CredentialInfo.init), ownerID: $0.ownerID,
                      session: $0.session.map(Session.init))
            }
        }
    }

    /// Pretty, sorted JSON, timestamps as the API writes them.
    public static func json<T: Encodable>(_ value: T) -> String {
        let encoder = APIJSON.encoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }

    // MARK: Text

    /// `bot_…  name  active`; names are cleaned of control characters, since they come from other people.
    public static func line(_ bot: BotUser) -> String {
        "\(bot.id)  \(TextSanitizer.clean(bot.name))  \(bot.active ? "active" : "inactive")"
    }
}
