import NgrokAPI

/// A complete id typed or pasted into the filter, asked of the server directly so it is found
/// whatever the background load has reached.
public struct IdLookup: Sendable, Equatable {
    public enum Phase: Sendable, Equatable {
        /// Waiting for the object itself.
        case asking
        /// The credential is known; waiting for its owner, which is not loaded yet.
        case askingOwner
        /// Shown and selected: this bot.
        case found(botID: String)
        case notFound
        /// The credential belongs to someone who is not a bot (a person, `usr_…`).
        case notABot(ownerID: String)
        case failed(String)
    }

    /// The id as the filter holds it, trimmed.
    public var id: String
    public var phase: Phase = .asking
    /// The credential the id named, once known: the detail pane puts its cursor on it.
    public var credential: Credential?
    /// The live session the id or address named, when it was one (issue 13).
    public var session: TunnelSession?
    /// The pasted token `id` (its KSUID) came from, when it did.
    public var token: LeakedToken?
    /// An address several agents connect from (a NAT, a CI runner): how many live sessions, on how
    /// many bots' credentials. One session's sentence would hide the others.
    public var addressMatches: (sessions: Int, bots: Int)? {
        get { addressSessions > 1 ? (addressSessions, addressBots) : nil }
        set { (addressSessions, addressBots) = newValue ?? (0, 0) }
    }
    private var addressSessions = 0
    private var addressBots = 0

    public init(id: String, phase: Phase = .asking, credential: Credential? = nil, token: LeakedToken? = nil) {
        self.id = id
        self.phase = phase
        self.credential = credential
        self.token = token
    }

    public var isAsking: Bool { phase == .asking || phase == .askingOwner }
    public var isFailed: Bool { if case .failed = phase { true } else { false } }

    /// What the status line says about it.
    public func message(bots: BotsByID) -> Flash {
        var what = credential.map { "\($0.kind.singular) \($0.id)" } ?? id
        if let session {
            // From the network: cleaned before it reaches the status line.
            what = "Session \(session.id) from \(TextSanitizer.clean(session.ip)) (\(TextSanitizer.clean(session.region))) uses "
                + (credential.map { "\($0.kind.singular) \($0.id)" } ?? "credential \(session.credentialID)") + ", which"
        }
        switch phase {
        case .asking, .askingOwner:
            if let token { return Flash("Looking up \(token.candidatesText) (from a pasted token) on the server…") }
            return Flash("Looking up \(id) on the server…")
        case .found(let botID):
            let name = bots[botID]?.name ?? botID
            if let many = addressMatches {
                let on = many.bots == 1 ? "all on credentials of bot \(name) (\(botID))" : "on \(many.bots) bots' credentials; the list shows them"
                return Flash("\(many.sessions) live sessions from \(TextSanitizer.clean(id)), \(on)")
            }
            return Flash(credential == nil ? "Bot \(name) (\(botID))" : "\(what) belongs to bot \(name) (\(botID))")
        case .notFound:
            if session != nil { return Flash("\(what) is no longer in this account", .warning) }
            if let token {
                return Flash("No API key or authtoken \(token.candidatesText) (from a pasted token) in this account", .warning)
            }
            if IPAddressText.isAddress(id) { return Flash("No live agent session from \(id)", .warning) }
            if ObjectID.guess(id) == .tunnelSession { return Flash("No live session \(id): it ended or never was", .warning) }
            return Flash(ObjectID.guess(id) == .bot ? "No such bot in this account: \(id)"
                                                   : "No such credential in this account: \(id)", .warning)
        case .notABot(let owner):
            if let many = addressMatches {
                return Flash("\(many.sessions) live sessions from \(TextSanitizer.clean(id)), none on a bot's credentials (one is \(owner)'s)", .warning)
            }
            return Flash("\(what) is owned by a person, \(owner), not a bot: no bot to deactivate", .warning)
        case .failed(let summary):
            return Flash("Looking up \(id) failed: \(summary)", .error)
        }
    }
}
