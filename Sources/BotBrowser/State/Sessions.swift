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
    public private(set) var byID: [String: TunnelSession] = [:]
    /// Each credential's session ids, newest first (the sessions themselves are in `byID`).
    private var byCredential: [String: [String]] = [:]
    /// Each session's folded id and address, so a filter keystroke does not fold case again (and
    /// walks values instead of looking each session up).
    private var searchText: [String: SearchText] = [:]
    /// One copy of each region, OS, agent version: thousands of sessions share a few.
    private var strings = StringInterner()

    private struct SearchText: Sendable, Equatable {
        var credentialID: String
        var folded: [UInt8]
    }
    /// Where the full list is: counts are known (not `?`) only once it is `.done`.
    public var phase: ListProgress.Phase = .idle
    /// The load generation the list came from; an older load's answer is dropped.
    public var generation = 0
    /// A complete list has arrived at least once: while `r` reloads it, the last one still counts.
    public var hasLoaded = false
    /// Bumped by every change, so the filter's answer knows when to redo.
    public private(set) var version = 0

    public init(_ sessions: [TunnelSession] = []) {
        for session in sessions { insert(session) }
    }

    public var isKnown: Bool { phase == .done || (phase == .loading && hasLoaded) }
    public var isEmpty: Bool { byID.isEmpty }
    public var count: Int { byID.count }

    /// A credential's sessions, newest first.
    public func sessions(of credentialID: String) -> [TunnelSession] {
        (byCredential[credentialID] ?? []).compactMap { byID[$0] }
    }

    /// Every session started with any of these credentials, in the credentials' order.
    public func sessions(of credentials: [Credential]) -> [TunnelSession] {
        credentials.flatMap { sessions(of: $0.id) }
    }

    /// Replaces everything with a complete list.
    public mutating func replaceAll(with sessions: [TunnelSession]) {
        version += 1
        byID = [:]
        byCredential = [:]
        searchText = [:]
        for session in sessions { insert(session) }
    }

    public mutating func insert(_ session: TunnelSession) {
        version += 1
        remove(id: session.id)
        var session = session
        for field in [\TunnelSession.region, \.os, \.agentVersion, \.transport, \.metadata] {
            session[keyPath: field] = strings.intern(session[keyPath: field])
        }
        byID[session.id] = session
        searchText[session.id] = SearchText(credentialID: session.credentialID, folded: ByteSearch.folded([session.id, IPAddressText.canonical(session.ip) ?? session.ip]))
        byCredential[session.credentialID, default: []].append(session.id)
        let byID = self.byID
        byCredential[session.credentialID]?.sort { a, b in
            let (first, second) = (byID[a]!, byID[b]!)
            return (first.startedAt, first.id) > (second.startedAt, second.id)
        }
    }

    public mutating func remove(id: String) {
        guard let old = byID.removeValue(forKey: id) else { return }
        version += 1
        searchText[id] = nil
        byCredential[old.credentialID]?.removeAll { $0 == id }
        if byCredential[old.credentialID]?.isEmpty == true { byCredential[old.credentialID] = nil }
    }

    /// Sessions whose id or address contains `needle` (lower case), by the owner of their credential:
    /// a session id or an agent's IP in the filter shows the bot whose authtoken it uses.
    public func matches(needle: String, ownerOf: CredentialIndex.OwnerLookup) -> [String: TunnelSession] {
        guard !needle.isEmpty, !byID.isEmpty else { return [:] }
        // An address is matched in its usual spelling, however the filter wrote it.
        let bytes = Array((IPAddressText.canonical(needle) ?? needle).utf8)
        var hits: [String: TunnelSession] = [:]
        for (id, text) in searchText where ByteSearch.contains(text.folded, bytes) {
            // The smallest id per owner, so the note does not change from one keystroke to the next.
            guard let owner = ownerOf[text.credentialID], hits[owner].map({ id < $0.id }) ?? true, let session = byID[id] else { continue }
            hits[owner] = session
        }
        return hits
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

    public init(sessions: [SessionRef], line: Int) {
        self.sessions = sessions
        self.line = line
    }

    public var text: String {
        let n = sessions.count
        return "[\(accepted ? "x" : " ")] also stop \(n == 1 ? "this live session" : "these \(n) live sessions") now (t toggles)"
    }
}

extension AppState {
    /// The bot's live sessions (through its authtokens and SSH keys), or nil while not known.
    public func sessionCount(of owner: String) -> Int? {
        guard sessions.isKnown, knownCount(of: owner, .authtoken) != nil, knownCount(of: owner, .sshCredential) != nil else { return nil }
        return sessions.sessions(of: credentials.credentials(of: owner)).count
    }

    /// The bot's live sessions, as refs for a dialog.
    func sessionRefs(of bot: BotUser) -> [SessionRef] {
        sessions.sessions(of: credentials.newestFirst(of: bot.id)).map { SessionRef($0, owner: BotRef(bot)) }
    }

    /// The session under the detail cursor: one of the credential under the cursor, or nil when
    /// the cursor is on the credential itself.
    public var selectedSession: TunnelSession? {
        guard let id = detailSessionID, let session = sessions.byID[id] else { return nil }
        let credentials = selectedCredentials
        guard detailCursor < credentials.count, credentials[detailCursor].id == session.credentialID else { return nil }
        return session
    }
}
