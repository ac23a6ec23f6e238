import Essentials
import NgrokAPI

/// Live sessions by id and each credential's sessions newest first, in plain dictionaries, and
/// what the filter searches in them in one byte string. The URIs (derivable, never shown) are not kept.
struct SessionStore: Sendable, Equatable {
    private struct Held: Sendable, Equatable {
        var session: TunnelSession
        /// Its entry in `search`.
        var searchEntry: Int
    }

    private var byID: [String: Held] = [:]
    /// Each credential's sessions' ids, newest first (ties by id, larger first).
    private var idsOf: [String: [String]] = [:]
    private var search = SessionSearch()

    init() {}

    var count: Int { byID.count }
    var isEmpty: Bool { byID.isEmpty }

    func session(id: String) -> TunnelSession? { byID[id]?.session }

    /// A credential's sessions, newest first.
    func sessions(of credentialID: String) -> [TunnelSession] {
        idsOf[credentialID]?.compactMap { byID[$0]?.session } ?? []
    }

    func contains(id: String) -> Bool { byID[id] != nil }

    /// Adds a session, or replaces the one with its id.
    mutating func insert(_ session: TunnelSession) {
        remove(id: session.id)
        var kept = session
        (kept.uri, kept.credentialURI) = ("", "")
        byID[session.id] = Held(session: kept, searchEntry: search.append(Self.searchText(of: session), credentialID: session.credentialID))
        var ids = idsOf[session.credentialID] ?? []
        let at = ids.firstIndex { byID[$0].map { Self.precedes(session, $0.session) } ?? false } ?? ids.endIndex
        ids.insert(session.id, at: at)
        idsOf[session.credentialID] = ids
    }

    mutating func remove(id: String) {
        guard let held = byID.removeValue(forKey: id) else { return }
        let credentialID = held.session.credentialID
        idsOf[credentialID]?.removeAll { $0 == id }
        if idsOf[credentialID]?.isEmpty == true { idsOf[credentialID] = nil }
        search.remove(held.searchEntry)
        // Stops are few; once most of the search text is of ended sessions, it is written again.
        if search.count > 64 && search.count > 2 * byID.count {
            search = SessionSearch()
            for id in byID.keys {
                let session = byID[id]!.session
                byID[id]!.searchEntry = search.append(Self.searchText(of: session), credentialID: session.credentialID)
            }
        }
    }

    /// Whether `a` comes before `b` in a credential's list: newer first, ties by id (larger first).
    private static func precedes(_ a: TunnelSession, _ b: TunnelSession) -> Bool {
        (a.startedAt, a.id) > (b.startedAt, b.id)
    }

    /// What the filter searches in a session: its id and its address in the usual spelling, folded.
    static func searchText(of session: TunnelSession) -> [UInt8] {
        ByteSearch.folded([session.id, IPAddressText.canonical(session.ip) ?? session.ip])
    }

    /// Calls `body` with the credential id of each session whose folded id or address contains
    /// `needle` (folded bytes), once per session.
    func forEachMatch(_ needle: [UInt8], _ body: (_ credentialID: String) -> Void) {
        search.forEachMatch(needle, body)
    }
}

/// The sessions' search texts one after another, each with its credential, scanned in one pass
/// per keystroke: asking each of ten thousand sessions in a dictionary took most of a keystroke.
/// An ended session's entry stays, marked, until the store writes the text again.
private struct SessionSearch: Sendable, Equatable {
    /// The texts, a NUL after each.
    private var bytes: [UInt8] = []
    /// Per entry: where its text starts, its session's credential, and whether the session is live.
    private var starts: [Int] = []
    private var credentialIDs: [String] = []
    private var live: [Bool] = []

    /// How many entries there are, ended sessions' included.
    var count: Int { starts.count }

    /// Adds a session's text; returns its entry.
    mutating func append(_ text: [UInt8], credentialID: String) -> Int {
        starts.append(bytes.count)
        bytes.growSparingly(by: text.count + 1)
        bytes += text
        bytes.append(0)
        credentialIDs.append(credentialID)
        live.append(true)
        return starts.count - 1
    }

    mutating func remove(_ entry: Int) { live[entry] = false }

    func forEachMatch(_ needle: [UInt8], _ body: (_ credentialID: String) -> Void) {
        var lastEntry = -1
        ByteSearch.forEachOffset(of: needle, in: bytes) { offset in
            // The entry whose text holds the offset: the last that starts at or before it.
            var (low, high) = (0, starts.count)
            while high - low > 1 {
                let middle = (low + high) / 2
                if starts[middle] <= offset { low = middle } else { high = middle }
            }
            if low != lastEntry, live[low] { body(credentialIDs[low]) }
            lastEntry = low
        }
    }
}
