#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NgrokAPI

/// The account's live agent sessions, by the credential each was started with. Loaded after the
/// bots and credentials (the lowest priority), refreshed with them; a lookup or a stop changes
/// single sessions in between.
public struct SessionIndex: Sendable, Equatable {
    /// The sessions (`SessionStore`: by id, by credential, and their search text).
    private var store = SessionStore()
    /// The pages of a full list while it arrives: it replaces `store` once complete, so what is
    /// shown stays whole until then.
    private var incoming: SessionStore?
    /// Where the full list is: counts are known (not `?`) only once it is `.done`.
    public var phase: ListProgress.Phase = .idle
    /// The load generation the list came from; an older load's answer is dropped.
    public var generation = 0
    /// A complete list has arrived at least once: while `r` reloads it, the last one still counts.
    public var hasLoaded = false
    /// Credentials whose own complete list of sessions was answered (asked ahead of the full
    /// list), with the load generation it came in.
    public var answered: [String: Int] = [:]
    /// The live endpoints each session serves, as last answered (`/endpoints`): what a bot is
    /// exposing right now, drawn under its sessions.
    public var endpoints: [String: [Endpoint]] = [:]
    /// Bumped by every change, so the filter's answer knows when to redo.
    public private(set) var version = 0

    public init(_ sessions: [TunnelSession] = []) {
        for session in sessions { insert(session) }
    }

    public var isKnown: Bool { phase == .done || (phase == .loading && hasLoaded) }
    public var isEmpty: Bool { store.isEmpty }
    public var count: Int { store.count }

    public func session(id: String) -> TunnelSession? { store.session(id: id) }

    /// A credential's sessions, newest first.
    public func sessions(of credentialID: String) -> [TunnelSession] { store.sessions(of: credentialID) }

    /// Every session started with any of these credentials, in the credentials' order.
    public func sessions(of credentials: [Credential]) -> [TunnelSession] {
        credentials.flatMap { sessions(of: $0.id) }
    }

    /// One page of a full list; the list replaces what is held when `completeList` is called.
    public mutating func receivePage(_ sessions: [TunnelSession]) {
        var next = incoming ?? SessionStore()
        incoming = nil
        for session in sessions { next.insert(session) }
        incoming = next
    }

    /// The full list is complete: its pages and `lastPage` are now every live session.
    public mutating func completeList(lastPage: [TunnelSession] = []) {
        receivePage(lastPage)
        version += 1
        store = incoming ?? SessionStore()
        incoming = nil
    }

    /// A full list that failed: its pages are dropped, what was held stays.
    public mutating func abandonList() { incoming = nil }

    /// Replaces everything with a complete list.
    public mutating func replaceAll(with sessions: [TunnelSession]) {
        incoming = nil
        completeList(lastPage: sessions)
    }

    public mutating func insert(_ session: TunnelSession) {
        version += 1
        store.insert(session)
        // A single change (a lookup, a stop) is true of the list still arriving too.
        incoming?.insert(session)
    }

    public mutating func remove(id: String) {
        guard store.contains(id: id) || incoming?.contains(id: id) == true else { return }
        version += 1
        store.remove(id: id)
        incoming?.remove(id: id)
    }

    /// The owner slots of the credentials of the sessions whose id or address contains `needle`
    /// (lower case): a session id or an agent's IP in the filter shows the bot whose authtoken it uses.
    func ownerSlots(matching needle: String, in credentials: CredentialIndex) -> Set<Int32> {
        guard !needle.isEmpty, !store.isEmpty else { return [] }
        var slots = Set<Int32>()
        store.forEachMatch(Self.searchForm(of: needle)) { credentialID in
            if let slot = credentials.ownerSlot(ofCredential: credentialID) { slots.insert(slot) }
        }
        return slots
    }

    /// The owner's live session whose id or address contains `needle` (lower case); the smallest
    /// id when several do, so what is shown does not change from one keystroke to the next.
    public func firstMatch(ofOwner owner: String, needle: String, in credentials: CredentialIndex) -> TunnelSession? {
        guard !needle.isEmpty else { return nil }
        let bytes = Self.searchForm(of: needle)
        return sessions(of: credentials.credentials(of: owner))
            .filter { ByteSearch.contains(SessionStore.searchText(of: $0), bytes) }
            .min { $0.id < $1.id }
    }

    /// An address is matched in its usual spelling, however the filter wrote it.
    private static func searchForm(of needle: String) -> [UInt8] {
        Array((IPAddressText.canonical(needle) ?? needle).utf8)
    }
}

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
        let agents = account.credentials.credentials(of: owner).filter { $0.kind != .apiKey }
        let eachAnswered = agents.allSatisfy { account.sessions.answered[$0.id] == loads.generation }
        if (account.sessions.phase == .done && account.sessions.generation == loads.generation) || eachAnswered { return .fresh }
        return account.sessions.isKnown ? .complete : .partial
    }

    /// The bot's live sessions (through its authtokens and SSH keys), or nil while not known.
    public func sessionCount(of owner: String) -> Int? {
        guard account.sessions.isKnown, knownCount(of: owner, .authtoken) != nil, knownCount(of: owner, .sshCredential) != nil else { return nil }
        return account.sessions.sessions(of: account.credentials.credentials(of: owner)).count
    }

    /// The bot's live sessions, as refs for a dialog.
    func sessionRefs(of bot: BotUser) -> [SessionRef] {
        account.sessions.sessions(of: account.credentials.newestFirst(of: bot.id)).map { SessionRef($0, owner: BotRef(bot)) }
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
