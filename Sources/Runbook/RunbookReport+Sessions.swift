import BotBrowser
import Essentials
import NgrokAPI

/// The `--json` shapes and text lines of `sessions` and `stop-sessions` (README, "JSON").
extension RunbookReport {
    /// One live session as the API describes it.
    public struct Session: Encodable, Sendable, Equatable {
        public var id: String
        public var credentialID: String
        public var ip: String
        public var region: String
        public var os: String
        public var agentVersion: String
        public var transport: String
        public var startedAt: Date

        public init(_ session: TunnelSession) {
            id = session.id
            credentialID = session.credentialID
            ip = session.ip
            region = session.region
            os = session.os
            agentVersion = session.agentVersion
            transport = session.transport
            startedAt = session.startedAt
        }

        enum CodingKeys: String, CodingKey {
            case id, ip, region, os, transport
            case credentialID = "credential_id"
            case agentVersion = "agent_version"
            case startedAt = "started_at"
        }
    }

    /// A session with its credential and owning bot (`owner_id` when the owner is not a bot).
    public struct SessionEntry: Encodable, Sendable {
        public var session: Session
        public var credential: CredentialInfo?
        public var bot: Bot?
        public var ownerID: String?
        /// What the session exposes; left out when the server would not say.
        public var endpoints: [EndpointInfo]?

        public init(_ match: SessionMatch) {
            session = Session(match.session)
            endpoints = match.endpoints?.map(EndpointInfo.init)
            credential = match.credential.map(CredentialInfo.init)
            bot = match.bot.map(Bot.init)
            ownerID = match.bot == nil ? match.credential?.ownerID : nil
        }

        enum CodingKeys: String, CodingKey {
            case session, credential, bot, endpoints
            case ownerID = "owner_id"
        }
    }

    /// A live endpoint: `{"id", "url", "type"}`.
    public struct EndpointInfo: Encodable, Sendable, Equatable {
        public var id: String
        public var url: String
        public var type: String

        public init(_ endpoint: Endpoint) {
            (id, url, type) = (endpoint.id, endpoint.url, endpoint.type)
        }
    }

    /// `sessions`: `{"sessions": [...]}`.
    public struct Sessions: Encodable, Sendable {
        public var sessions: [SessionEntry]

        public init(_ matches: [SessionMatch]) {
            sessions = matches.map(SessionEntry.init)
        }
    }

    /// `stop-sessions`: one entry per session, `outcome` `stopped`, `already-ended` or `failed`.
    public struct SessionStopped: Encodable, Sendable {
        public var session: SessionEntry
        public var outcome: String
        public var error: String?

        public init(_ outcome: SessionStopOutcome) {
            session = SessionEntry(outcome.match)
            self.outcome = outcome.outcome.rawValue
            error = outcome.error?.summary
        }
    }
}
