/// Live sessions with what they lead to: the credential each was started with and, when that
/// credential's owner is a bot, the bot. A credential gone, or owned by a person, is simply absent.
public struct SessionSearch: Sendable, Equatable {
    public var sessions: [TunnelSession]
    public var credentials: [String: Credential]
    public var bots: [String: BotUser]

    public init(sessions: [TunnelSession], credentials: [String: Credential] = [:], bots: [String: BotUser] = [:]) {
        self.sessions = sessions
        self.credentials = credentials
        self.bots = bots
    }

    /// The bot whose credential the session uses, if any.
    public func bot(of session: TunnelSession) -> BotUser? {
        credentials[session.credentialID]?.ownerID.flatMap { bots[$0] }
    }
}

extension NgrokClient {
    /// The sessions whose agent connects from `ip`, with their credentials and owners: each asked
    /// for directly, ahead of any list.
    public func tunnelSessions(from ip: String) async throws -> SessionSearch {
        try await owners(of: allTunnelSessions(filter: .ip(ip), priority: .interactive))
    }

    /// Each session's credential and its owner, one direct request per distinct id.
    public func owners(of sessions: [TunnelSession]) async throws -> SessionSearch {
        var search = SessionSearch(sessions: sessions)
        let credentialIDs = Set(sessions.map(\.credentialID)).filter { !$0.isEmpty }.sorted()
        for id in credentialIDs {
            let first: CredentialKind
            if case .credential(let kind)? = ObjectID.guess(id) { first = kind } else { first = .authtoken }
            if let credential = try await lookUpCredential(id: id, first: first) { search.credentials[id] = credential }
        }
        for owner in Set(search.credentials.values.compactMap(\.ownerID)).sorted() where !owner.isEmpty {
            if let bot = try await lookUpBot(id: owner) { search.bots[owner] = bot }
        }
        return search
    }
}
