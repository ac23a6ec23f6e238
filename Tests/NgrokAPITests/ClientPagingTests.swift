import Foundation
import NgrokAPI
import NgrokSimulator
import Testing

@Suite("Client paging and filters against the simulator")
struct ClientPagingTests {
    @Test func pagesThroughMoreThan250Bots() async throws {
        let fixture = try await SimulatorFixture.start(bots: 263, credentialsPerBot: 0)
        defer { fixture.stop() }
        var pages: [[BotUser]] = []
        for try await page in fixture.client.listBots() { pages.append(page) }
        #expect(pages.map(\.count) == [100, 100, 63])
        let all = pages.flatMap { $0 }
        #expect(Set(all.map(\.id)).count == 263)
        // Newest first, as the API lists.
        #expect(all.map(\.createdAt) == all.map(\.createdAt).sorted(by: >))
        let requests = await fixture.simulator.requestLog().filter { $0.path == "/service_users" }
        #expect(requests.allSatisfy { $0.query["limit"] == "100" || $0.query["limit"] == "1" })
    }

    @Test func refusesANextPageOnAnotherOrigin() async throws {
        var faults = FaultPlan()
        faults.foreignNextPageOrigin = "http://127.0.0.2:9"
        let fixture = try await SimulatorFixture.start(bots: 150, faults: faults)
        defer { fixture.stop() }
        await #expect(throws: NgrokError.foreignPageURI("http://127.0.0.2:9/service_users?before_id=\(try await secondPageAnchor(fixture))&limit=100")) {
            _ = try await fixture.client.allBots()
        }
        let hosts = await fixture.simulator.requestLog().count
        #expect(hosts == 1) // the first page, which was also the resource probe; the foreign page was never fetched
    }

    private func secondPageAnchor(_ fixture: SimulatorFixture) async throws -> String {
        let bots = await fixture.simulator.allBots()
        return bots[99].id
    }

    @Test func stopsOnARepeatedPage() async throws {
        var faults = FaultPlan()
        faults.repeatNextPage = true
        let fixture = try await SimulatorFixture.start(bots: 350, faults: faults)
        defer { fixture.stop() }
        do {
            _ = try await fixture.client.allBots()
            Issue.record("expected the repeated page to stop the listing")
        } catch let error as NgrokError {
            guard case .repeatedPageURI = error else {
                Issue.record("wrong error \(error)")
                return
            }
        }
    }

    @Test func fallsBackToBotUsersWhenServiceUsersIsMissing() async throws {
        let fixture = try await SimulatorFixture.start(bots: 5) { $0.serviceUsersEnabled = false }
        defer { fixture.stop() }
        #expect(try await fixture.client.resource() == .botUsers)
        #expect(try await fixture.client.allBots().count == 5)
        let paths = await fixture.simulator.requestLog().map(\.path)
        #expect(paths.first == "/service_users")
        #expect(paths.dropFirst().allSatisfy { $0 == "/bot_users" })
    }

    @Test func theBotListsFirstPageIsTheProbe() async throws {
        let fixture = try await SimulatorFixture.start(bots: 5) { $0.serviceUsersEnabled = false }
        defer { fixture.stop() }
        #expect(try await fixture.client.allBots().count == 5)
        #expect(await fixture.simulator.requestLog().map(\.path) == ["/service_users", "/bot_users"])
        #expect(try await fixture.client.resource() == .botUsers, "found by the list, with no request of its own")
        #expect(await fixture.simulator.requestLog().count == 2)
    }

    @Test(arguments: [true, false])
    func aChangeBeforeAnyListNeedsNoProbe(serviceUsers: Bool) async throws {
        let fixture = try await SimulatorFixture.start(bots: 3) { $0.serviceUsersEnabled = serviceUsers }
        defer { fixture.stop() }
        let bot = try #require(await fixture.simulator.allBots().first)
        #expect(try await fixture.client.updateBot(id: bot.id, name: nil, active: false).active == false)
        let log = await fixture.simulator.requestLog().map { "\($0.method) \($0.path) \($0.status)" }
        // Each resource is asked in its own spelling (`BotID`), whichever spelling the caller had.
        let ksuid = try #require(BotID(bot.id)).ksuid
        #expect(log == (serviceUsers ? ["PATCH /service_users/service_\(ksuid) 200"]
                                     : ["PATCH /service_users/service_\(ksuid) 404", "PATCH /bot_users/bot_\(ksuid) 200"]))
        #expect(try await fixture.client.resource() == (serviceUsers ? .serviceUsers : .botUsers))
    }

    @Test func usesTheOwnerFilter() async throws {
        let fixture = try await SimulatorFixture.start(bots: 30, credentialsPerBot: 3)
        defer { fixture.stop() }
        let bots = await fixture.simulator.allBots()
        let owner = try #require(bots.first { _ in true })
        let expected = await fixture.simulator.credentials(ownedBy: owner.id).filter { $0.kind == .apiKey }
        let listed = try await fixture.client.allCredentials(.apiKey, ownerID: owner.id)
        #expect(Set(listed.map(\.id)) == Set(expected.map(\.id)))
        let log = await fixture.simulator.requestLog().filter { $0.path == "/api_keys" }
        #expect(log.count == 1)
        // The API may spell the owner either way: both are asked for.
        let ksuid = try #require(BotID(owner.id)).ksuid
        #expect(log[0].query["filter"] == "obj.owner_id == \"service_\(ksuid)\" || obj.owner_id == \"bot_\(ksuid)\"")
    }

    @Test func filtersLocallyWhenTheServerRefusesTheFilter() async throws {
        let fixture = try await SimulatorFixture.start(bots: 40, credentialsPerBot: 3) { $0.filtersEnabled = false }
        defer { fixture.stop() }
        let bots = await fixture.simulator.allBots()
        for bot in bots.prefix(3) {
            let expected = await fixture.simulator.credentials(ownedBy: bot.id).filter { $0.kind == .authtoken }
            let listed = try await fixture.client.allCredentials(.authtoken, ownerID: bot.id)
            #expect(listed.map(\.id).sorted() == expected.map(\.id).sorted())
            #expect(listed.allSatisfy { $0.ownerID == bot.id && $0.kind == .authtoken })
        }
        let statuses = await fixture.simulator.requestLog().filter { $0.path == "/credentials" }.map(\.status)
        #expect(statuses.contains(400))
        #expect(statuses.contains(200))
    }

    /// A head start ahead of the full lists (issue 23): a refused filter ends it, it does not
    /// become a listing of every credential (or session) of the account.
    @Test func aHeadStartIsNotReplacedByTheWholeList() async throws {
        let fixture = try await SimulatorFixture.start(bots: 40, credentialsPerBot: 3) { $0.filtersEnabled = false }
        defer { fixture.stop() }
        let bot = try #require(await fixture.simulator.allBots().first)
        let session = try #require(await fixture.simulator.allTunnelSessions().first)
        await FilterRefusal.$listsEverything.withValue(false) {
            await #expect(throws: NgrokError.self) { try await fixture.client.allCredentials(.authtoken, ownerID: bot.id) }
            await #expect(throws: NgrokError.self) { try await fixture.client.allTunnelSessions(filter: .credentials([session.credentialID])) }
        }
        let log = await fixture.simulator.requestLog()
        #expect(log.map(\.status) == [400, 400], "\(log.map(\.path))")
    }

    @Test func humanOwnedCredentialsAreListedWithTheirOwner() async throws {
        let fixture = try await SimulatorFixture.start(bots: 10) { $0.humanCredentials = 9 }
        defer { fixture.stop() }
        var all: [Credential] = []
        for kind in CredentialKind.allCases { all += try await fixture.client.allCredentials(kind) }
        let botIDs = Set(await fixture.simulator.allBots().map(\.id))
        #expect(all.filter { !botIDs.contains($0.ownerID ?? "") }.count == 9)
        #expect(all.allSatisfy { $0.token == nil })
    }
}

/// A server or proxy that drops `filter=` answers 200 with everything: what it sent is checked
/// against the filter here before it becomes a target (issue 19, item 8).
@Suite("A server that ignores the filter")
struct IgnoredFilterTests {
    @Test func oneOwnersCredentialsAreTheirsAlone() async throws {
        let fixture = try await SimulatorFixture.start(bots: 30, credentialsPerBot: 3) { $0.ignoresFilters = true }
        defer { fixture.stop() }
        let bot = try #require(await fixture.simulator.allBots().first)
        let listed = try await fixture.client.allCredentials(.authtoken, ownerID: bot.id)
        let everyToken = await fixture.simulator.allCredentials().filter { $0.kind == .authtoken }
        #expect(everyToken.count > listed.count, "the server sent more than the owner's")
        #expect(listed.allSatisfy { BotID.same($0.ownerID, bot.id) })
        #expect(Set(listed.map(\.id)) == Set(await fixture.simulator.credentials(ownedBy: bot.id).filter { $0.kind == .authtoken }.map(\.id)))
        let described = try await fixture.client.findCredentials(.apiKey, filter: .descriptionContains("no such text anywhere"))
        #expect(described.isEmpty)
    }

    @Test func oneCredentialsSessionsAreNotTheAccounts() async throws {
        let fixture = try await SimulatorFixture.start(bots: 30, credentialsPerBot: 3) { $0.ignoresFilters = true }
        defer { fixture.stop() }
        let every = try await fixture.client.allTunnelSessions()
        let one = try #require(every.first)
        let asked = try await fixture.client.allTunnelSessions(filter: .credentials([one.credentialID]))
        #expect(every.count > asked.count && asked.allSatisfy { $0.credentialID == one.credentialID })
    }
}
