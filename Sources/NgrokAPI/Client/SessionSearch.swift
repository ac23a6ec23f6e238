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

extension SessionSearch {
    /// Up to this many distinct credentials are asked for one by one (two requests each at most:
    /// the credential, its bot); more are read from whole lists, whose cost is their pages. Where
    /// the two cost the same depends on the account: about 150 credentials on 10,000 bots (300
    /// pages), about 15 on 1,000. A hundred keeps a large account's address lookup direct and
    /// bounds a small account's at a couple of hundred requests.
    public static let directLookupLimit = 100

    /// The sessions joined locally with whole lists: each session's credential by id, each
    /// credential's bot by id in either spelling (`BotID`). What the lists lack stays absent.
    public static func joined(sessions: [TunnelSession], credentials: [Credential], bots: [BotUser]) -> SessionSearch {
        let used = Set(sessions.map(\.credentialID))
        var search = SessionSearch(sessions: sessions)
        for credential in credentials where used.contains(credential.id) { search.credentials[credential.id] = credential }
        let byKey = Dictionary(bots.map { (BotID.key($0.id), $0) }, uniquingKeysWith: { _, later in later })
        for owner in Set(search.credentials.values.compactMap(\.ownerID)) where !owner.isEmpty {
            if let bot = byKey[BotID.key(owner)] { search.bots[owner] = bot }
        }
        return search
    }

    /// The credential collections the sessions' credentials are in, from their ids' prefixes; an id
    /// of no known shape could be an authtoken or an SSH key (API keys start no agent).
    public static func credentialKinds(of sessions: [TunnelSession]) -> [CredentialKind] {
        var kinds = Set<CredentialKind>()
        for id in Set(sessions.map(\.credentialID)) where !id.isEmpty {
            if case .credential(let kind)? = ObjectID.guess(id) { kinds.insert(kind) } else { kinds.formUnion([.authtoken, .sshCredential]) }
        }
        return CredentialKind.allCases.filter(kinds.contains)
    }
}

extension NgrokClient {
    /// The sessions whose agent connects from `ip`, with their credentials and owners: asked for
    /// directly, ahead of any list (from lists when very many agents share the address).
    public func tunnelSessions(from ip: String) async throws -> SessionSearch {
        try await owners(of: allTunnelSessions(filter: .ip(ip), priority: .interactive))
    }

    /// Each session's credential and its owner: asked for one by one while there are at most
    /// `directLookups` distinct credentials (a session, an address), else read from whole lists
    /// (`ownersFromLists`), so that an address a thousand agents share costs pages, not a
    /// thousand requests.
    public func owners(of sessions: [TunnelSession], directLookups: Int = SessionSearch.directLookupLimit) async throws -> SessionSearch {
        let credentialIDs = Set(sessions.map(\.credentialID)).filter { !$0.isEmpty }.sorted()
        guard credentialIDs.count <= directLookups else { return try await ownersFromLists(of: sessions) }
        var search = SessionSearch(sessions: sessions)
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

    /// Each session's credential and owner from whole lists, joined locally: the authtoken and SSH
    /// key lists the sessions need (together), then the bot list if any of those credentials
    /// belongs to a bot. The cost is the lists' pages however many sessions and credentials there are.
    public func ownersFromLists(of sessions: [TunnelSession]) async throws -> SessionSearch {
        let kinds = SessionSearch.credentialKinds(of: sessions)
        guard !kinds.isEmpty else { return SessionSearch(sessions: sessions) }
        let credentials = try await withThrowingTaskGroup(of: [Credential].self) { group in
            for kind in kinds {
                group.addTask {
                    try await self.listCredentials(kind, ownerID: nil, priority: .interactive).reduce(into: []) { $0 += $1 }.mergedByID()
                }
            }
            return try await group.reduce(into: [Credential]()) { $0 += $1 }
        }
        let used = Set(sessions.map(\.credentialID))
        let ownedByBots = credentials.contains { used.contains($0.id) && $0.ownerID.flatMap { BotID($0) } != nil }
        let bots = ownedByBots ? try await listBots(priority: .interactive).reduce(into: []) { $0 += $1 }.mergedByID() : []
        return .joined(sessions: sessions, credentials: credentials, bots: bots)
    }
}
