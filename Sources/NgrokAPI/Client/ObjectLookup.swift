/// What the server holds under one id.
public enum LookupResult: Sendable, Equatable {
    case bot(BotUser)
    case credential(Credential)
    /// A live session and the credential it was started with (nil when that credential is gone).
    case tunnelSession(TunnelSession, credential: Credential?)
    /// No object with this id in this account (every endpoint it could be on answered 404).
    case notFound
}

extension NgrokClient {
    /// Asks the server for the one object `id` names, at once and ahead of any list being loaded:
    /// the endpoint its prefix suggests first, then, for a credential, the other credential
    /// collections. Ids of no known shape are not looked up (`notFound`).
    public func lookUp(id: String) async throws -> LookupResult {
        switch ObjectID.guess(id) {
        case nil:
            return .notFound
        case .bot:
            return try await lookUpBot(id: id).map(LookupResult.bot) ?? .notFound
        case .credential(let first):
            return try await lookUpCredential(id: id, first: first).map(LookupResult.credential) ?? .notFound
        case .tunnelSession:
            guard let session = try await lookUpTunnelSession(id: id) else { return .notFound }
            // The session names its credential; the owner is found from there, as for a pasted credential id.
            guard !session.credentialID.isEmpty else { return .tunnelSession(session, credential: nil) }
            let first: CredentialKind
            if case .credential(let kind)? = ObjectID.guess(session.credentialID) { first = kind } else { first = .authtoken }
            return .tunnelSession(session, credential: try await lookUpCredential(id: session.credentialID, first: first))
        }
    }

    /// The API key or authtoken a leaked token belongs to, both candidates asked at once; the
    /// secret is not sent (only the ids derived from its KSUID are).
    public func lookUp(token: LeakedToken) async throws -> LookupResult {
        try await withThrowingTaskGroup(of: Credential?.self) { group in
            for (kind, id) in token.candidates {
                group.addTask { try await self.lookUpCredential(kind, id: id) }
            }
            for try await case let found? in group { return .credential(found) }
            return .notFound
        }
    }

    /// The credential with this id in whichever collection holds it: `first`, then the others together.
    func lookUpCredential(id: String, first: CredentialKind) async throws -> Credential? {
        if let found = try await lookUpCredential(first, id: id) { return found }
        // The prefix was only a guess: ask the others, together.
        return try await withThrowingTaskGroup(of: Credential?.self) { group in
            for kind in CredentialKind.allCases where kind != first {
                group.addTask { try await self.lookUpCredential(kind, id: id) }
            }
            for try await case let found? in group { return found }
            return nil
        }
    }

    /// The live session with this id, or nil when it is not running (ended, stopped, or never was).
    public func lookUpTunnelSession(id: String) async throws -> TunnelSession? {
        do {
            return try await getTunnelSession(id: id)
        } catch let error as NgrokError where error.status == 404 {
            return nil
        }
    }

    /// The bot with this id, or nil when the server has none (a person's id, or a bot gone).
    public func lookUpBot(id: String) async throws -> BotUser? {
        do {
            return try await getBot(id: id)
        } catch let error as NgrokError where error.status == 404 {
            return nil
        }
    }

    private func lookUpCredential(_ kind: CredentialKind, id: String) async throws -> Credential? {
        do {
            return try await getCredential(kind, id: id)
        } catch let error as NgrokError where error.status == 404 {
            return nil
        }
    }
}
