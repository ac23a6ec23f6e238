import Essentials
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

    /// The live session of one of `credentials` whose id or address contains `needle` (lower case); the smallest
    /// id when several do, so what is shown does not change from one keystroke to the next.
    func firstMatch(needle: String, among credentials: [Credential]) -> TunnelSession? {
        guard !needle.isEmpty else { return nil }
        let bytes = Self.searchForm(of: needle)
        return sessions(of: credentials)
            .filter { ByteSearch.contains(SessionStore.searchText(of: $0), bytes) }
            .min { $0.id < $1.id }
    }

    /// An address is matched in its usual spelling, however the filter wrote it.
    private static func searchForm(of needle: String) -> [UInt8] {
        Array((IPAddressText.canonical(needle) ?? needle).utf8)
    }
}
