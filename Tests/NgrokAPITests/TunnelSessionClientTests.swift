import Foundation
import NgrokAPI
import NgrokSimulator
import Testing

@Suite("Live agent sessions: the client against the simulator")
struct TunnelSessionClientTests {
    @Test func listsEverySessionPageByPage() async throws {
        let fixture = try await SimulatorFixture.start(bots: 60, credentialsPerBot: 3) { _ in } client: { $0.pageSize = 7 }
        defer { fixture.stop() }
        let expected = await fixture.simulator.allTunnelSessions()
        #expect(expected.count > 7, "the seed has more than one page of sessions")
        var pages: [[TunnelSession]] = []
        for try await page in fixture.client.listTunnelSessions(filter: .all, priority: .background) { pages.append(page) }
        #expect(pages.count == (expected.count + 6) / 7)
        #expect(pages.flatMap { $0 } == expected)
        // Realistic: documentation address ranges, the API's regions, each tied to an authtoken or SSH key that exists.
        let credentials = Dictionary(await fixture.simulator.allCredentials().map { ($0.id, $0) }, uniquingKeysWith: { $1 })
        for session in expected {
            #expect(["192.0.2.", "198.51.100.", "203.0.113.", "2001:db8:"].contains { session.ip.hasPrefix($0) })
            #expect(["us", "eu", "ap", "au", "sa", "jp", "in"].contains(session.region))
            #expect(credentials[session.credentialID].map { $0.kind != .apiKey } == true)
            #expect(session.id.hasPrefix("ts_") && ObjectID.guess(session.id) == .tunnelSession)
        }
        #expect(expected.contains { credentials[$0.credentialID]?.ownerID?.hasPrefix("usr_") == true }, "some are people's")
    }

    @Test func filtersByCredentialOnTheServer() async throws {
        let fixture = try await SimulatorFixture.start(bots: 30, credentialsPerBot: 3)
        defer { fixture.stop() }
        let all = await fixture.simulator.allTunnelSessions()
        let wanted = Array(Set(all.map(\.credentialID)).sorted().prefix(2))
        let found = try await fixture.client.allTunnelSessions(filter: .credentials(wanted))
        #expect(Set(found.map(\.id)) == Set(all.filter { wanted.contains($0.credentialID) }.map(\.id)))
        let requests = await fixture.simulator.requestLog().filter { $0.path == "/tunnel_sessions" }
        #expect(requests.count == 1)
        #expect(requests.first?.query["filter"] == TunnelSessionFilter.credentials(wanted).cel)
    }

    @Test func fallsBackToALocalFilterOn400() async throws {
        let fixture = try await SimulatorFixture.start(bots: 30, credentialsPerBot: 3) { $0.filtersEnabled = false }
        defer { fixture.stop() }
        let all = await fixture.simulator.allTunnelSessions()
        let target = all[0]
        let byCredential = try await fixture.client.allTunnelSessions(filter: .credentials([target.credentialID]))
        #expect(byCredential == all.filter { $0.credentialID == target.credentialID })
        let byIP = try await fixture.client.allTunnelSessions(filter: .ip(target.ip))
        #expect(byIP == all.filter { $0.ip == target.ip })
        let statuses = await fixture.simulator.requestLog().filter { $0.path == "/tunnel_sessions" }.map(\.status)
        #expect(statuses == [400, 200, 400, 200])
    }

    @Test func stopEndsTheSessionAndASecondStopIs404() async throws {
        let fixture = try await SimulatorFixture.start(bots: 20, credentialsPerBot: 3)
        defer { fixture.stop() }
        let session = await fixture.simulator.allTunnelSessions()[0]
        #expect(try await fixture.client.getTunnelSession(id: session.id) == session)
        try await fixture.client.stopTunnelSession(id: session.id)
        #expect(await fixture.simulator.allTunnelSessions().contains(session) == false)
        do {
            try await fixture.client.stopTunnelSession(id: session.id)
            Issue.record("a stopped session cannot be stopped again")
        } catch let error as NgrokError {
            #expect(error.status == 404)
        }
        #expect(try await fixture.client.lookUpTunnelSession(id: session.id) == nil)
    }

    @Test func aStopWhoseAnswerIsLostIsNotSentAgain() async throws {
        var faults = FaultPlan()
        faults.dropEvery = 1
        faults.dropAfterProcessing = true
        faults.faultMethods = ["POST"]
        let fixture = try await SimulatorFixture.start(bots: 20, credentialsPerBot: 3, faults: faults)
        defer { fixture.stop() }
        let session = await fixture.simulator.allTunnelSessions()[0]
        do {
            try await fixture.client.stopTunnelSession(id: session.id)
            Issue.record("expected the lost answer to be reported")
        } catch let error as NgrokError {
            guard case .outcomeUnknown = error else { Issue.record("wrong error \(error)"); return }
        }
        let posts = await fixture.simulator.requestLog().filter { $0.method == "POST" }
        #expect(posts.count == 1, "a POST is never replayed")
        #expect(await fixture.simulator.allTunnelSessions().contains(session) == false, "the server did it before the answer was lost")
    }

    @Test func aThrottledStopIsRetried() async throws {
        var faults = FaultPlan()
        faults.rateLimitEvery = 1
        faults.maxFaults = 1
        faults.retryAfterSeconds = nil
        faults.faultMethods = ["POST"]
        let fixture = try await SimulatorFixture.start(bots: 20, credentialsPerBot: 3, faults: faults)
        defer { fixture.stop() }
        let session = await fixture.simulator.allTunnelSessions()[0]
        try await fixture.client.stopTunnelSession(id: session.id)
        let posts = await fixture.simulator.requestLog().filter { $0.method == "POST" }.map(\.status)
        #expect(posts == [429, 200])
    }

    @Test func aSessionIdIsLookedUpWithItsCredential() async throws {
        let fixture = try await SimulatorFixture.start(bots: 20, credentialsPerBot: 3)
        defer { fixture.stop() }
        let session = await fixture.simulator.allTunnelSessions()[0]
        guard case .tunnelSession(let found, let credential?) = try await fixture.client.lookUp(id: session.id) else {
            Issue.record("expected the session and its credential")
            return
        }
        #expect(found == session)
        #expect(credential.id == session.credentialID)
        let search = try await fixture.client.tunnelSessions(from: session.ip)
        #expect(search.sessions.contains(session))
        #expect(search.credentials[session.credentialID] == credential)
        let stranger = "ts_" + String(repeating: "0", count: 27)
        #expect(try await fixture.client.lookUp(id: stranger) == .notFound)
    }

    @Test func knowsAnAddressWhenItSeesOne() {
        for address in ["192.0.2.7", "2001:db8::1", "::1", "203.0.113.255"] { #expect(IPAddressText.isAddress(address)) }
        for text in ["192.0.2", "ci-runner", "2001:db8::g", "", "1.2.3.4.5"] { #expect(!IPAddressText.isAddress(text)) }
    }
}

@Suite("Live endpoints: the client against the simulator")
struct EndpointClientTests {
    @Test(arguments: [BotResource.botUsers, .serviceUsers])
    func aBotsEndpointsAreFoundByPrincipalWhicheverWayTheServerSpellsIt(_ ownerSpelling: BotResource) async throws {
        let fixture = try await SimulatorFixture.start(bots: 30, credentialsPerBot: 3) { $0.ownerSpelling = ownerSpelling }
        defer { fixture.stop() }
        let all = await fixture.simulator.allEndpoints()
        let principal = try #require(all.compactMap(\.principalID).first { BotID($0) != nil })
        // Asked in the other spelling than the server's: the same bot.
        let asked = BotID.respell(principal, for: ownerSpelling == .botUsers ? .serviceUsers : .botUsers)
        let found = try await fixture.client.allEndpoints(.principal(asked))
        #expect(!found.isEmpty && Set(found.map(\.id)) == Set(all.filter { BotID.same($0.principalID, principal) }.map(\.id)))
        // Each names a live session of one of that bot's credentials.
        let sessions = Set(await fixture.simulator.allTunnelSessions().map(\.id))
        #expect(found.allSatisfy { $0.tunnelSessionID.map(sessions.contains) == true && !$0.url.isEmpty })
    }

    @Test func aServerThatDropsTheFilterDoesNotWidenTheAnswer() async throws {
        let fixture = try await SimulatorFixture.start(bots: 30, credentialsPerBot: 3) { $0.ignoresFilters = true }
        defer { fixture.stop() }
        let session = try #require(await fixture.simulator.allTunnelSessions().first)
        let found = try await fixture.client.allEndpoints(.tunnelSessions([session.id]))
        #expect(!found.isEmpty && found.allSatisfy { $0.tunnelSessionID == session.id })
        #expect(await fixture.simulator.allEndpoints().count > found.count, "the server sent them all")
    }

    @Test func stoppingASessionTakesItsEndpointsWithIt() async throws {
        let fixture = try await SimulatorFixture.start(bots: 10, credentialsPerBot: 3)
        defer { fixture.stop() }
        let session = try #require(await fixture.simulator.allTunnelSessions().first)
        #expect(try await !fixture.client.allEndpoints(.tunnelSessions([session.id])).isEmpty)
        try await fixture.client.stopTunnelSession(id: session.id)
        #expect(try await fixture.client.allEndpoints(.tunnelSessions([session.id])).isEmpty)
    }
}
