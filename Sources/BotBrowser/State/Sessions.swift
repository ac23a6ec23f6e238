import Essentials
import NgrokAPI

/// A session as it was when a stop was chosen: the id is what is stopped, the rest is for the
/// dialog, the messages and the audit log.
public struct SessionRef: Sendable, Equatable, Hashable {
    public var id: String
    public var credentialID: String
    public var ip: String
    public var region: String
    public var owner: BotRef

    public init(_ session: TunnelSession, owner: BotRef) {
        id = session.id
        credentialID = session.credentialID
        ip = session.ip
        region = session.region
        self.owner = owner
    }

    /// `ts_…  203.0.113.7 (eu)`, cleaned: the address and region come from the network.
    public var label: String { "\(id)  \(TextSanitizer.clean(ip)) (\(TextSanitizer.clean(region)))" }
}

/// The offer a deactivate or delete dialog makes: stop the bot's live sessions in the same step.
public struct SessionStopOffer: Sendable, Equatable {
    public var sessions: [SessionRef]
    /// Off until asked for (`t`): the dialog does what its key said, and one more key adds the stops.
    public var accepted = false
    /// The dialog line that shows the choice, rewritten when it is toggled.
    public var line: Int
    /// The key that toggles it, as the keymap in force names it (`t`, or `C-t` while a name is typed).
    public var toggleKey: String?

    public init(sessions: [SessionRef], line: Int, toggleKey: String?) {
        self.sessions = sessions
        self.line = line
        self.toggleKey = toggleKey
    }

    public var text: String {
        let n = sessions.count
        return "[\(accepted ? "x" : " ")] also stop \(n == 1 ? "this live session" : "these \(n) live sessions") now"
            + (toggleKey.map { " (\($0) toggles)" } ?? "")
    }
}

/// How much of a bot's live sessions is known: `partial` (a count is "at least"), `complete`
/// (the last complete list, while a newer one loads) or `fresh` (complete, from this load: only
/// then may a message say none is live).
public enum SessionsKnowledge: Int, Sendable, Comparable {
    case partial, complete, fresh

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

extension AppState {
    /// Whether every session of every authtoken and SSH key the bot owns is known.
    public func sessionsKnowledge(of owner: String) -> SessionsKnowledge {
        let known = tally(of: owner)
        guard known.unknown[.authtoken] == nil, known.unknown[.sshCredential] == nil else { return .partial }
        let agents = account.credentials(of: owner).filter { $0.kind != .apiKey }
        let eachAnswered = agents.allSatisfy { account.sessions.answered[$0.id] == loads.generation }
        if (account.sessions.phase == .done && account.sessions.generation == loads.generation) || eachAnswered { return .fresh }
        return account.sessions.isKnown ? .complete : .partial
    }

    /// The bot's live sessions (through its authtokens and SSH keys), or nil while not known: from
    /// the account's whole list, or from each of its credentials asked on its own (a looked-up bot
    /// is known long before the whole list arrives).
    public func sessionCount(of owner: String) -> Int? {
        guard account.sessions.isKnown || sessionsKnowledge(of: owner) == .fresh,
              knownCount(of: owner, .authtoken) != nil, knownCount(of: owner, .sshCredential) != nil else { return nil }
        return account.sessions.sessions(of: account.credentials(of: owner)).count
    }

    /// The bot's live sessions, as refs for a dialog.
    func sessionRefs(of bot: BotUser) -> [SessionRef] {
        account.sessions.sessions(of: account.newestFirst(of: bot.id)).map { SessionRef($0, owner: BotRef(bot)) }
    }

    /// The session under the detail cursor: one of the credential under the cursor, or nil when
    /// the cursor is on the credential itself.
    public var selectedSession: TunnelSession? {
        guard let id = browser.detailSessionID, let session = account.sessions.session(id: id) else { return nil }
        let credentials = selectedCredentials
        guard browser.detailCursor < credentials.count, credentials[browser.detailCursor].id == session.credentialID else { return nil }
        return session
    }
}
