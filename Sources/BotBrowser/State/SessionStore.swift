#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NgrokAPI

/// Live sessions in compact records. A large account has tens of thousands: as `TunnelSession`s
/// in dictionaries by id, by credential and by search text they were a fifth of the program's
/// memory. Here each is one record in one array; its credential's sessions are a chain through
/// the records (newest first), the URIs (derivable, never shown) are not kept, the details that
/// repeat (region, OS, agent version) are one shared copy, and the search text of all of them is
/// one folded byte string.
struct SessionStore: Sendable, Equatable {
    private struct Record: Sendable, Equatable {
        /// Empty once the session is removed (its place is reused only when the store is rebuilt).
        var id: String
        var credentialID: String
        var ip: String
        var startedAt: Date
        /// Where its region, OS, agent version, transport and metadata are in `details`.
        var details: Int32
        /// The next older session of the same credential, or -1.
        var next: Int32
    }

    private struct Details: Sendable, Hashable {
        var agentVersion, region, os, transport, metadata: String
    }

    private var records: [Record] = []
    /// A session's record, by its id.
    private var position: [String: Int32] = [:]
    /// A credential's newest session's record, by the credential's id.
    private var newestOf: [String: Int32] = [:]
    private var details = Interned(Details(agentVersion: "", region: "", os: "", transport: "", metadata: ""))
    /// Each record's folded id and canonical address, a NUL after each (records in order).
    private var searchBytes: [UInt8] = []
    /// Where each record's text starts in `searchBytes`.
    private var searchStart: [Int32] = []

    init() {}

    var count: Int { position.count }
    var isEmpty: Bool { position.isEmpty }

    func session(id: String) -> TunnelSession? {
        position[id].map { session(at: $0) }
    }

    /// A credential's sessions, newest first.
    func sessions(of credentialID: String) -> [TunnelSession] {
        var found: [TunnelSession] = []
        var at = newestOf[credentialID] ?? -1
        while at >= 0 {
            found.append(session(at: at))
            at = records[Int(at)].next
        }
        return found
    }

    /// Every live session, in the order they were added.
    var all: [TunnelSession] {
        records.indices.filter { !records[$0].id.isEmpty }.map { session(at: Int32($0)) }
    }

    private func session(at index: Int32) -> TunnelSession {
        let record = records[Int(index)]
        let more = details[record.details]
        return TunnelSession(id: record.id, credentialID: record.credentialID, agentVersion: more.agentVersion, ip: record.ip,
                             region: more.region, os: more.os, transport: more.transport, metadata: more.metadata,
                             startedAt: record.startedAt)
    }

    /// Adds a session, or replaces the one with its id.
    mutating func insert(_ session: TunnelSession) {
        remove(id: session.id)
        let index = Int32(records.count)
        var record = Record(id: session.id, credentialID: session.credentialID, ip: session.ip, startedAt: session.startedAt,
                            details: details.number(of: Details(agentVersion: session.agentVersion, region: session.region, os: session.os,
                                                        transport: session.transport, metadata: session.metadata)),
                            next: -1)
        // Into its credential's chain, newest first (ties by id, as every list of sessions is ordered).
        let isNewer = { (other: Record) in (record.startedAt, record.id) > (other.startedAt, other.id) }
        if let head = newestOf[session.credentialID] {
            if isNewer(records[Int(head)]) {
                record.next = head
                newestOf[session.credentialID] = index
            } else {
                var at = head
                while records[Int(at)].next >= 0 && !isNewer(records[Int(records[Int(at)].next)]) { at = records[Int(at)].next }
                record.next = records[Int(at)].next
                records[Int(at)].next = index
            }
        } else {
            newestOf[session.credentialID] = index
        }
        records.growSparingly(by: 1)
        records.append(record)
        position[session.id] = index
        searchStart.append(Int32(searchBytes.count))
        searchBytes += ByteSearch.folded([session.id, IPAddressText.canonical(session.ip) ?? session.ip])
        searchBytes.append(0)
    }

    mutating func remove(id: String) {
        guard let index = position.removeValue(forKey: id) else { return }
        let record = records[Int(index)]
        if newestOf[record.credentialID] == index {
            newestOf[record.credentialID] = record.next >= 0 ? record.next : nil
        } else if var at = newestOf[record.credentialID] {
            while records[Int(at)].next != index { at = records[Int(at)].next }
            records[Int(at)].next = record.next
        }
        records[Int(index)] = Record(id: "", credentialID: "", ip: "", startedAt: record.startedAt, details: 0, next: -1)
        // Stops are few; once most records are holes, the store is built again from what is live.
        if position.count < records.count / 2 && records.count > 64 { self = SessionStore(all) }
    }

    init(_ sessions: [TunnelSession]) {
        for session in sessions { insert(session) }
    }

    /// Each session whose folded id or address contains `needle` (folded bytes), once, by its id
    /// and its credential's (the caller builds the few `TunnelSession`s it keeps).
    func forEachMatch(_ needle: [UInt8], _ body: (_ id: String, _ credentialID: String) -> Void) {
        var lastRecord = -1
        ByteSearch.forEachOffset(of: needle, in: searchBytes) { offset in
            // The record whose text holds the offset: the last that starts at or before it.
            var (low, high) = (0, searchStart.count)
            while high - low > 1 {
                let middle = (low + high) / 2
                if Int(searchStart[middle]) <= offset { low = middle } else { high = middle }
            }
            if low != lastRecord, !records[low].id.isEmpty { body(records[low].id, records[low].credentialID) }
            lastRecord = low
        }
    }
}
