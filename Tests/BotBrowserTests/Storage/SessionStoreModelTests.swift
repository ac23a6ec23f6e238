@testable import BotBrowser
import Foundation
import NgrokAPI
import NgrokSimulator
import Testing

/// `SessionStore` against a plain dictionary of sessions by id, through inserts, replacements
/// (a session's credential or address changing) and stops, enough of them that its search text is
/// written again: each credential's sessions newest first, lookups by id, and which sessions the
/// filter finds by id or address.
struct SessionStoreModelTests {
    private static func session(_ random: inout SeededGenerator) -> TunnelSession {
        let n = Int.random(in: 0..<300, using: &random)
        let ip = random.chance(0.3) ? "2001:db8::\(Int.random(in: 0..<40, using: &random))" : "203.0.113.\(Int.random(in: 0..<40, using: &random))"
        // Few start times, so ties (ordered by id) are common.
        return TunnelSession(id: String(format: "ts_%027d", n), uri: "https://api.ngrok.com/tunnel_sessions/\(n)",
                             credentialID: String(format: "cr_%027d", Int.random(in: 0..<15, using: &random)),
                             credentialURI: "https://api.ngrok.com/credentials/\(n)", ip: ip, region: "eu",
                             startedAt: Fixtures.now - Double(Int.random(in: 0..<4, using: &random)))
    }

    @Test func answersAsADictionaryOfSessionsDoes() {
        var random = seededGenerator()
        var store = SessionStore()
        var model: [String: TunnelSession] = [:]
        for step in 0..<6_000 {
            let session = Self.session(&random)
            if random.chance(0.6) {
                store.insert(session)
                var kept = session
                (kept.uri, kept.credentialURI) = ("", "")
                model[session.id] = kept
            } else {
                store.remove(id: session.id)
                model[session.id] = nil
            }
            #expect(store.count == model.count && store.isEmpty == model.isEmpty)
            if step % 500 == 0 || step == 5_999 { Self.compare(store, model, &random) }
        }
    }

    private static func compare(_ store: SessionStore, _ model: [String: TunnelSession], _ random: inout SeededGenerator) {
        for credential in 0..<15 {
            let id = String(format: "cr_%027d", credential)
            #expect(store.sessions(of: id) == model.values.filter { $0.credentialID == id }.sorted { ($0.startedAt, $0.id) > ($1.startedAt, $1.id) })
        }
        for n in 0..<300 {
            let id = String(format: "ts_%027d", n)
            #expect(store.session(id: id) == model[id])
            #expect(store.contains(id: id) == (model[id] != nil))
        }
        // Parts of ids, addresses in their usual spelling, and bytes that occur in neither.
        let needles = ["ts_", "0000000000000000000000001", "203.0.113.1", "2001:db8::1", "::2", String(format: "%027d", Int.random(in: 0..<300, using: &random)), "zz"]
        for needle in needles {
            var found: [String] = []
            store.forEachMatch(Array(needle.utf8)) { found.append($0) }
            let expected = model.values.filter { session in
                plainlyContains(session.id + "\n" + (IPAddressText.canonical(session.ip) ?? session.ip), needle)
            }
            #expect(found.sorted() == expected.map(\.credentialID).sorted(), "\(needle)")
        }
    }
}
