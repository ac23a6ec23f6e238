import BotBrowser
import Foundation
import NgrokAPI
import Testing

/// The session index keeps sessions in compact records chained by credential; what comes out must
/// be what a plain list says, through inserts, replacements, stops and a list arriving in pages.
struct SessionIndexTests {
    static func session(_ n: Int, credential: Int, startedAt: Int) -> TunnelSession {
        TunnelSession(id: String(format: "ts_%027d", n), uri: "https://api.ngrok.com/tunnel_sessions/\(n)",
                      credentialID: String(format: "cr_%027d", credential), agentVersion: "3.\(n % 3).0",
                      ip: n % 4 == 0 ? "2001:db8::\(n)" : "203.0.113.\(n % 250)", region: ["eu", "us", "jp"][n % 3], os: "linux",
                      transport: "ngrok/2", metadata: n % 5 == 0 ? "{\"rack\":\(n)}" : "", startedAt: Fixtures.now - Double(startedAt))
    }

    /// The index's form of a session: the derivable URIs are not kept.
    static func kept(_ session: TunnelSession) -> TunnelSession {
        var kept = session
        kept.uri = ""
        kept.credentialURI = ""
        return kept
    }

    @Test func agreesWithAPlainListThroughManyChanges() {
        var index = SessionIndex()
        var model: [String: TunnelSession] = [:]
        var random = seededGenerator()
        for _ in 0..<3_000 {
            let n = Int.random(in: 0..<400, using: &random)
            // Few start times, so ties (ordered by id) are common.
            let session = Self.session(n, credential: Int.random(in: 0..<12, using: &random), startedAt: Int.random(in: 0..<5, using: &random))
            if Int.random(in: 0..<3, using: &random) > 0 {
                index.insert(session)
                model[session.id] = Self.kept(session)
            } else {
                index.remove(id: session.id)
                model[session.id] = nil
            }
        }
        #expect(index.count == model.count)
        for credential in 0..<12 {
            let id = String(format: "cr_%027d", credential)
            let expected = model.values.filter { $0.credentialID == id }.sorted { ($0.startedAt, $0.id) > ($1.startedAt, $1.id) }
            #expect(index.sessions(of: id) == expected)
        }
        for (id, session) in model { #expect(index.session(id: id) == session) }
        #expect(index.session(id: "ts_missing") == nil)
    }

    @Test func aListInPagesReplacesWhatWasHeldOnlyWhenComplete() {
        var index = SessionIndex((0..<5).map { Self.session($0, credential: 1, startedAt: $0) })
        index.receivePage((10..<13).map { Self.session($0, credential: 1, startedAt: $0) })
        // Until the list is complete, what was held is what is shown.
        #expect(index.count == 5)
        index.insert(Self.session(20, credential: 2, startedAt: 0))
        index.completeList(lastPage: [Self.session(13, credential: 1, startedAt: 13)])
        #expect(Set(index.sessions(of: String(format: "cr_%027d", 1)).map(\.id)) == Set((10..<14).map { String(format: "ts_%027d", $0) }))
        // A session a lookup found while the list arrived is in the list too.
        #expect(index.session(id: String(format: "ts_%027d", 20)) != nil)
        index.receivePage([Self.session(30, credential: 3, startedAt: 0)])
        index.abandonList()
        index.completeList()
        #expect(index.count == 0)
    }

    @Test func theFilterFindsAnAddressInAnySpellingAndTheSmallestIdPerOwner() {
        let bot = "bot_000000000000000000000000001"
        var account = Account()
        account.insert(Fixtures.credential(.authtoken, 1, owner: bot, "runner"))
        let credentialID = account.credentials(of: bot)[0].id
        var a = Self.session(7, credential: 0, startedAt: 1)
        a.credentialID = credentialID
        a.ip = "2001:db8::7"
        var b = Self.session(3, credential: 0, startedAt: 2)
        b.credentialID = credentialID
        b.ip = "2001:db8::7"
        account.sessions = SessionIndex([a, b])
        #expect(account.firstMatchingSession(of: bot, needle: "2001:0db8:0000:0000:0000:0000:0000:0007")?.id == b.id)
        #expect(account.firstMatchingSession(of: bot, needle: a.id)?.id == a.id)
        #expect(account.firstMatchingSession(of: bot, needle: "198.51.100.1") == nil)
    }
}
