import BotBrowser
import NgrokAPI

/// One live session with what it leads to, as `sessions` and `stop-sessions` report it.
public struct SessionMatch: Sendable, Equatable {
    public var session: TunnelSession
    /// The authtoken or SSH key it was started with; nil when that credential is gone.
    public var credential: Credential?
    /// The bot that owns the credential; nil when a person owns it (see `credential.ownerID`).
    public var bot: BotUser?
    /// What the session exposes (`/endpoints`); nil when the server would not say.
    public var endpoints: [Endpoint]? = []
}

/// What happened to one session of `stop-sessions`.
public struct SessionStopOutcome: Sendable, Equatable {
    public enum Outcome: String, Sendable {
        case stopped
        /// It had ended before the stop arrived (404): nothing left to do.
        case alreadyEnded = "already-ended"
        case failed
    }

    public var match: SessionMatch
    public var outcome: Outcome
    public var error: NgrokError?
}

extension Runbook {
    /// Every live session of the account, or only those of one bot's authtokens and SSH keys, each
    /// with its credential and owning bot.
    public func sessions(of bot: BotUser? = nil) async throws(RunbookError) -> [SessionMatch] {
        do {
            guard let bot else {
                // Whole lists joined here: the cost is pages, never a request per credential or bot.
                let sessions = try await client.allTunnelSessions()
                return await withEndpoints(matches(try await client.ownersFromLists(of: sessions)), wholeAccount: true)
            }
            let owned = try await credentials(of: bot).filter { $0.kind != .apiKey }
            let sessions = try await client.allTunnelSessions(filter: .credentials(owned.map(\.id)))
            let search = SessionSearch(sessions: sessions, credentials: Dictionary(owned.map { ($0.id, $0) }, uniquingKeysWith: { $1 }),
                                       bots: [bot.id: bot])
            return await withEndpoints(matches(search))
        } catch {
            throw RunbookError.from(error)
        }
    }

    /// The sessions a target names: a session id (`ts_…`), a credential id (its sessions), or a bot
    /// (the sessions of all its authtokens and SSH keys). A session or credential id that does not
    /// exist is "not found"; a bot with no sessions is an empty answer.
    public func sessions(named target: String) async throws(RunbookError) -> [SessionMatch] {
        let wanted = target.trimmed
        if ObjectID.isMalformed(wanted) { throw .malformedID(wanted) }
        do {
            switch ObjectID.guess(wanted) {
            case .tunnelSession?:
                guard let session = try await client.lookUpTunnelSession(id: wanted) else {
                    throw RunbookError(.notFound, "no live session \(wanted) (it ended, or never was)")
                }
                return await withEndpoints(try await matches(client.owners(of: [session])))
            case .credential?:
                guard case .credential(let credential) = try await client.lookUp(id: wanted) else {
                    throw RunbookError(.notFound, "no credential \(wanted) in this account")
                }
                let sessions = try await client.allTunnelSessions(filter: .credentials([credential.id]))
                var owner: BotUser?
                if let id = credential.ownerID, !id.isEmpty { owner = try await client.lookUpBot(id: id) }
                return await withEndpoints(matches(SessionSearch(sessions: sessions, credentials: [credential.id: credential],
                                                                 bots: owner.map { [$0.id: $0] } ?? [:])))
            default:
                return try await sessions(of: resolveBot(wanted))
            }
        } catch {
            throw RunbookError.from(error)
        }
    }

    /// The live sessions started with any of these authtokens and SSH keys (API keys start no
    /// agent): one filtered list. Asked after a change, for what it leaves running, so a failure
    /// is an answer of its own and not the command's (the change was made).
    public func liveSessions(using credentials: [Credential]) async -> Result<[TunnelSession], RunbookError> {
        let ids = credentials.filter { $0.kind != .apiKey }.map(\.id)
        guard !ids.isEmpty else { return .success([]) }
        do {
            return .success(try await client.allTunnelSessions(filter: .credentials(ids)))
        } catch {
            return .failure(RunbookError.from(error))
        }
    }

    /// The live sessions of the bot's authtokens and SSH keys, read now.
    public func liveSessions(of bot: BotUser) async -> Result<[TunnelSession], RunbookError> {
        do {
            return await liveSessions(using: try await credentials(of: bot))
        } catch {
            return .failure(error)
        }
    }

    /// The sessions whose agent connects from `ip` (for `find`).
    func sessions(from ip: String) async throws -> [SessionMatch] {
        matches(try await client.tunnelSessions(from: ip))
    }

    /// Stops each session through the effect runner (one audit line each); a session that had
    /// already ended counts as done.
    public func stop(_ sessions: [SessionMatch]) async throws(RunbookError) -> [SessionStopOutcome] {
        try refuseIfReadOnly("stop-sessions")
        var outcomes: [SessionStopOutcome] = []
        for match in sessions {
            let owner = match.bot.map(BotRef.init) ?? BotRef(id: match.credential?.ownerID ?? "", name: "not a bot")
            switch await perform(.stopSession(SessionRef(match.session, owner: owner))) {
            case .success: outcomes.append(SessionStopOutcome(match: match, outcome: .stopped))
            case .failure(let error) where error.status == 404:
                outcomes.append(SessionStopOutcome(match: match, outcome: .alreadyEnded))
            case .failure(let error): outcomes.append(SessionStopOutcome(match: match, outcome: .failed, error: error))
            }
        }
        return outcomes
    }

    /// Each session with the endpoints it serves: one filtered list for a few sessions, the whole
    /// list for the whole account. A server that will not list endpoints leaves them unknown (nil),
    /// and the sessions are still reported.
    func withEndpoints(_ matches: [SessionMatch], wholeAccount: Bool = false) async -> [SessionMatch] {
        guard !matches.isEmpty else { return matches }
        let ids = matches.map(\.session.id)
        let endpoints = try? await client.allEndpoints(wholeAccount ? .all : .tunnelSessions(ids))
        return matches.map { match in
            var match = match
            match.endpoints = endpoints?.filter { $0.tunnelSessionID == match.session.id }
            return match
        }
    }

    func matches(_ search: SessionSearch) -> [SessionMatch] {
        search.sessions.map { SessionMatch(session: $0, credential: search.credentials[$0.credentialID], bot: search.bot(of: $0)) }
    }
}
