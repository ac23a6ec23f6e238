#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NgrokAPI

/// Live sessions in compact records. A large account has tens of thousands: as `TunnelSession`s
/// in dictionaries by id, by credential and by search text they were a fifth of the program's
/// memory. Here each is a 24-byte record with its id, credential id and address in a
/// `TextArena`; a credential's sessions are a chain through the records (newest first); the URIs
/// (derivable, never shown) are not kept; the details that repeat (region, OS, agent version)
/// are one shared copy; and the search text of all of them is one folded byte string.
struct SessionStore: Sendable, Equatable {
    private struct Record: Sendable, Equatable {
        var startedAt: Date
        /// Where its id, credential id and address are in `text`.
        var text: UInt32
        /// Where its region, OS, agent version, transport and metadata are in `details`.
        var details: Int32
        /// The next older session of the same credential, or -1; -2 once this one is removed.
        var next: Int32

        var isRemoved: Bool { next == -2 }
    }

    private struct Details: Sendable, Hashable {
        var agentVersion, region, os, transport, metadata: String
    }

    /// The texts of a record, in order.
    private enum Text: Int { case id, credentialID, ip }

    private var records = ChunkedArray<Record>()
    private var text = TextArena()
    /// Records by session id.
    private var byID = RecordTable()
    /// Each credential's newest session's record, by the credential's id.
    private var newestOf = RecordTable()
    private var details = Interned(Details(agentVersion: "", region: "", os: "", transport: "", metadata: ""))
    /// Each record's folded id and canonical address, a NUL after each (records in order).
    private var searchBytes: [UInt8] = []
    /// Where each record's text starts in `searchBytes`.
    private var searchStart: [Int32] = []

    init() {}

    init(_ sessions: [TunnelSession]) {
        for session in sessions { insert(session) }
    }

    var count: Int { byID.count }
    var isEmpty: Bool { byID.count == 0 }

    func session(id: String) -> TunnelSession? {
        record(.id, id, in: byID).map(session(at:))
    }

    /// A credential's sessions, newest first.
    func sessions(of credentialID: String) -> [TunnelSession] {
        var found: [TunnelSession] = []
        var at = record(.credentialID, credentialID, in: newestOf) ?? -1
        while at >= 0 {
            found.append(session(at: at))
            at = records[Int(at)].next
        }
        return found
    }

    /// Every live session, in the order they were added.
    var all: [TunnelSession] {
        records.indices.filter { !records[$0].isRemoved }.map { session(at: Int32($0)) }
    }

    private func session(at index: Int32) -> TunnelSession {
        let record = records[Int(index)]
        let texts = text.texts(at: record.text, count: 3)
        let more = details[record.details]
        return TunnelSession(id: texts[0] ?? "", credentialID: texts[1] ?? "", agentVersion: more.agentVersion, ip: texts[2] ?? "",
                             region: more.region, os: more.os, transport: more.transport, metadata: more.metadata,
                             startedAt: record.startedAt)
    }

    /// The record whose text `field` is `value`, in a table keyed by that text.
    private func record(_ field: Text, _ value: String, in table: RecordTable) -> Int32? {
        var value = value
        return value.withUTF8 { record(field, $0, in: table) }
    }

    private func record(_ field: Text, _ utf8: UnsafeBufferPointer<UInt8>, in table: RecordTable) -> Int32? {
        table.find(hash: TextArena.hash(of: utf8)) { text.text(field.rawValue, at: records[Int($0)].text, equals: utf8) }
    }

    private func hash(_ field: Text, of index: Int32) -> Int {
        text.hashOfText(field.rawValue, at: records[Int(index)].text)
    }

    /// Whether the session in record `a` comes before the one in `b`: newer first, ties by id (larger first).
    private func precedes(_ a: Int32, _ b: Int32) -> Bool {
        let (first, second) = (records[Int(a)], records[Int(b)])
        if first.startedAt != second.startedAt { return first.startedAt > second.startedAt }
        return text.withText(Text.id.rawValue, at: first.text) { one in
            text.withText(Text.id.rawValue, at: second.text) { other in other.lexicographicallyPrecedes(one) }
        }
    }

    /// Adds a session, or replaces the one with its id.
    mutating func insert(_ session: TunnelSession) {
        remove(id: session.id)
        let index = Int32(records.count)
        records.append(Record(startedAt: session.startedAt, text: text.append([session.id, session.credentialID, session.ip]),
                              details: details.number(of: Details(agentVersion: session.agentVersion, region: session.region,
                                                                  os: session.os, transport: session.transport, metadata: session.metadata)),
                              next: -1))
        var table = RecordTable.take(&byID)
        table.insert(index, hash: hash(.id, of: index)) { hash(.id, of: $0) }
        byID = table
        // Into its credential's chain, newest first.
        let credentialHash = hash(.credentialID, of: index)
        if let head = record(.credentialID, session.credentialID, in: newestOf) {
            if precedes(index, head) {
                records[Int(index)].next = head
                replaceNewest(head, with: index, hash: credentialHash)
            } else {
                var at = head
                while records[Int(at)].next >= 0 && !precedes(index, records[Int(at)].next) { at = records[Int(at)].next }
                records[Int(index)].next = records[Int(at)].next
                records[Int(at)].next = index
            }
        } else {
            replaceNewest(nil, with: index, hash: credentialHash)
        }
        searchStart.append(Int32(searchBytes.count))
        searchBytes.growSparingly(by: 64)
        searchBytes += Self.searchText(of: session)
        searchBytes.append(0)
    }

    /// Makes `new` the credential's newest session in place of `old`.
    private mutating func replaceNewest(_ old: Int32?, with new: Int32?, hash: Int) {
        if let old { newestOf.remove(hash: hash) { $0 == old } }
        guard let new else { return }
        var table = RecordTable.take(&newestOf)
        table.insert(new, hash: hash) { self.hash(.credentialID, of: $0) }
        newestOf = table
    }

    mutating func remove(id: String) {
        guard let index = record(.id, id, in: byID) else { return }
        let held = records[Int(index)]
        byID.remove(hash: hash(.id, of: index)) { $0 == index }
        let credentialHash = hash(.credentialID, of: index)
        let head = text.withText(Text.credentialID.rawValue, at: held.text) { record(.credentialID, $0, in: newestOf) }
        if head == index {
            replaceNewest(index, with: held.next >= 0 ? held.next : nil, hash: credentialHash)
        } else if var at = head {
            while records[Int(at)].next != index { at = records[Int(at)].next }
            records[Int(at)].next = held.next
        }
        records[Int(index)].next = -2
        // Stops are few; once most records are removed ones, the store is built again from what is live.
        if byID.count < records.count / 2 && records.count > 64 { self = SessionStore(all) }
    }

    /// What the filter searches in a session: its id and its address in the usual spelling, folded.
    static func searchText(of session: TunnelSession) -> [UInt8] {
        ByteSearch.folded([session.id, IPAddressText.canonical(session.ip) ?? session.ip])
    }

    func contains(id: String) -> Bool { record(.id, id, in: byID) != nil }

    /// Calls `body` with the credential id of each session whose folded id or address contains
    /// `needle` (folded bytes), once per session.
    func forEachMatch(_ needle: [UInt8], _ body: (_ credentialID: UnsafeBufferPointer<UInt8>) -> Void) {
        var lastRecord = -1
        ByteSearch.forEachOffset(of: needle, in: searchBytes) { offset in
            // The record whose text holds the offset: the last that starts at or before it.
            var (low, high) = (0, searchStart.count)
            while high - low > 1 {
                let middle = (low + high) / 2
                if Int(searchStart[middle]) <= offset { low = middle } else { high = middle }
            }
            if low != lastRecord, !records[low].isRemoved { text.withText(Text.credentialID.rawValue, at: records[low].text, body) }
            lastRecord = low
        }
    }
}
