import Foundation
@testable import NgrokAPI
import NgrokSimulator
import Testing

/// ngrok's own API reference as fixtures (`Fixtures/ngrok-docs`, one file per example response of
/// `snippets/api/resources/examples/` in ngrok/ngrok-docs): the client's models must read every
/// one, and the simulator must answer with the same fields, of the same JSON types.
@Suite("The API reference's example responses")
struct FixtureTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/ngrok-docs")
    static let key = "fixture-test-key"

    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: folder.appendingPathComponent(name + ".json"))
    }

    static func object(_ data: Data) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }

    func decodePage<Item: Decodable>(_ name: String, _ listKey: String, kind: CredentialKind? = nil, as: Item.Type) throws -> Page<Item> {
        let decoder = APIJSON.decoder()
        decoder.userInfo[Page<Item>.listKeyKey] = listKey
        if let kind { decoder.userInfo[Credential.kindKey] = kind }
        return try decoder.decode(Page<Item>.self, from: Self.fixture(name))
    }

    func decodeOne<Item: Decodable>(_ name: String, kind: CredentialKind? = nil, as: Item.Type) throws -> Item {
        let decoder = APIJSON.decoder()
        if let kind { decoder.userInfo[Credential.kindKey] = kind }
        return try decoder.decode(Item.self, from: Self.fixture(name))
    }

    @Test func everyExampleDecodesWithTheClientsModels() throws {
        for resource in BotResource.allCases {
            let name = resource.listKey
            let page = try decodePage("\(name)_list", name, as: BotUser.self)
            #expect(page.items.count == 1 && page.items.allSatisfy { BotID($0.id) != nil })
            #expect(page.items[0].id.hasPrefix(resource.idPrefix), "\(name) spells its ids \(resource.idPrefix)…")
            #expect(page.nextPageURI?.contains("before_id=\(resource.idPrefix)") == true)
            for operation in ["get", "create", "update"] {
                let bot = try decodeOne("\(name)_\(operation)", as: BotUser.self)
                #expect(bot.id.hasPrefix(resource.idPrefix))
            }
        }
        // One service user, two spellings: the same KSUID behind both resources' examples.
        let service = try decodeOne("service_users_get", as: BotUser.self), bot = try decodeOne("bot_users_get", as: BotUser.self)
        #expect(BotID(service.id) == BotID(bot.id))

        for (file, kind) in [("api_keys", CredentialKind.apiKey), ("credentials", .authtoken), ("ssh_credentials", .sshCredential)] {
            let page = try decodePage("\(file)_list", kind.listKey, kind: kind, as: Credential.self)
            #expect(!page.items.isEmpty && page.items.allSatisfy { $0.kind == kind && $0.ownerID != nil })
            for operation in ["get", "create", "update"] {
                let credential = try decodeOne("\(file)_\(operation)", kind: kind, as: Credential.self)
                #expect(credential.id.hasPrefix(kind.idPrefix))
            }
            let created = try decodeOne("\(file)_create", kind: kind, as: Credential.self)
            if kind != .sshCredential {
                // The token is the KSUID of the new id, an underscore, the secret.
                let token = try #require(created.token)
                #expect(token.hasPrefix(String(created.id.dropFirst(kind.idPrefix.count)) + "_"))
            }
        }
        let sessions = try decodePage("tunnel_sessions_list", "tunnel_sessions", as: TunnelSession.self)
        #expect(sessions.items.count == 1 && sessions.items[0].credentialID.hasPrefix("cr_"))
        _ = try decodeOne("tunnel_sessions_get", as: TunnelSession.self)
        let endpoints = try decodePage("endpoints_list", "endpoints", as: Endpoint.self)
        // A cloud endpoint, an agent's (with its session and principal) and an edge's.
        #expect(endpoints.items.map(\.type) == ["cloud", "ephemeral", "edge"])
        #expect(endpoints.items[1].tunnelSessionID?.hasPrefix("ts_") == true && endpoints.items[1].principalID?.hasPrefix("usr_") == true)
        #expect(endpoints.items[2].url == "tls://endpoint-example2.com", "an answer without url keeps public_url")
        let me = try decodeOne("self", as: AccountSelf.self)
        #expect(me.apiKey.id.hasPrefix("ak_") && me.account.id.hasPrefix("ac_") && !me.account.name.isEmpty)
        let error = try decodeOne("tunnel_sessions_stop", as: APIErrorBody.self)
        #expect(error.statusCode == 404 && error.errorCode == nil && error.operationID?.hasPrefix("op_") == true)
    }

    // MARK: The simulator answers the same

    func simulator() -> Simulator {
        var options = SimulatorOptions()
        options.apiKey = Self.key
        options.bots = 3
        options.credentialsPerBot = 2
        return Simulator(options: options)
    }

    func answer(_ simulator: Simulator, _ method: String, _ path: String, body: String = "") async -> [String: Any] {
        let request = SimulatorRequest(method: method, path: path, query: ["limit": "1"],
                                       headers: ["Authorization": "Bearer \(Self.key)", "Ngrok-Version": "2"], body: Data(body.utf8))
        let response = await simulator.handle(request)
        #expect(response.status < 300, "\(method) \(path) answered \(response.status)")
        return Self.object(response.body)
    }

    /// A JSON value's type, with null matching any (the reference writes absent values as null).
    static func type(_ value: Any) -> String {
        switch value {
        case is NSNull: "null"
        case let number as NSNumber: ["c", "B"].contains(String(cString: number.objCType)) ? "bool" : "number"
        case is String: "string"
        case is [Any]: "array"
        case is [String: Any]: "object"
        default: "\(Swift.type(of: value))"
        }
    }

    /// What the client reads of a nested object (a session's credential, `/self`'s account and key).
    static let nestedReads: Set<String> = ["id", "name", "owner_id", "description"]

    /// Every field of every item of a list in the reference, the first item's value for each: an
    /// optional field (`metadata`) appears on some items only.
    static func union(_ items: [[String: Any]]) -> [String: Any] {
        items.reduce(into: [:]) { union, item in union.merge(item) { first, _ in first } }
    }

    /// Every field the simulator sends is one the reference has, with the same type, and every
    /// field the reference has that the client reads is sent.
    func expectSameShape(_ simulated: [String: Any], _ reference: [String: Any], reads: Set<String>, _ what: String) {
        for (field, value) in simulated {
            guard let expected = reference[field] else {
                Issue.record("\(what): the simulator sends \(field), which the reference does not have")
                continue
            }
            let (got, want) = (Self.type(value), Self.type(expected))
            #expect(got == want || got == "null" || want == "null", "\(what).\(field): \(got), the reference has \(want)")
            if case let (inner as [String: Any], innerWanted as [String: Any]) = (value, expected) {
                expectSameShape(inner, innerWanted, reads: Self.nestedReads, "\(what).\(field)")
            }
        }
        for field in reads where reference[field] != nil && !(reference[field] is NSNull) {
            #expect(simulated[field] != nil, "\(what): the simulator leaves out \(field), which the client reads")
        }
    }

    @Test(arguments: BotResource.allCases)
    func theSimulatorsBotsAnswerAsTheReference(resource: BotResource) async throws {
        let simulator = simulator()
        let name = resource.listKey
        let list = await answer(simulator, "GET", resource.path)
        let reference = Self.object(try Self.fixture("\(name)_list"))
        expectSameShape(list, reference, reads: ["next_page_uri", name], "\(name) list")
        let item = try #require((list[name] as? [[String: Any]])?.first)
        let referenceItem = try #require((reference[name] as? [[String: Any]])?.first)
        expectSameShape(item, referenceItem, reads: ["id", "name", "active", "created_at"], "\(name) item")
        let id = try #require(item["id"] as? String)
        #expect(id.hasPrefix(resource.idPrefix))
        #expect((list["next_page_uri"] as? String)?.contains("before_id=\(resource.idPrefix)") == true)
        let one = await answer(simulator, "GET", "\(resource.path)/\(id)")
        expectSameShape(one, Self.object(try Self.fixture("\(name)_get")), reads: ["id", "name", "active", "created_at"], "\(name) get")
    }

    @Test(arguments: [CredentialKind.apiKey, .authtoken, .sshCredential])
    func theSimulatorsCredentialsAnswerAsTheReference(kind: CredentialKind) async throws {
        let simulator = simulator()
        let file = String(kind.path.dropFirst())
        let list = await answer(simulator, "GET", kind.path)
        let reference = Self.object(try Self.fixture("\(file)_list"))
        let item = try #require((list[kind.listKey] as? [[String: Any]])?.first)
        // Every example of the resource: an optional field (`metadata`) is on some of them only.
        let examples = try ["get", "create", "update"].map { Self.object(try Self.fixture("\(file)_\($0)")) }
        let referenceItem = Self.union(try #require(reference[kind.listKey] as? [[String: Any]]) + examples)
        let reads: Set<String> = ["id", "owner_id", "description", "created_at", "acl", "public_key"]
        expectSameShape(item, referenceItem, reads: reads, "\(file) item")
        let owner = try #require(await simulator.allBots().first).id
        let publicKey = kind == .sshCredential ? ", \"public_key\": \"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB\"" : ""
        let created = await answer(simulator, "POST", kind.path, body: "{\"owner_id\": \"\(owner)\", \"description\": \"x\"\(publicKey)}")
        expectSameShape(created, Self.object(try Self.fixture("\(file)_create")), reads: reads.union(["token"]), "\(file) create")
        if kind != .sshCredential {
            let (id, token) = (try #require(created["id"] as? String), try #require(created["token"] as? String))
            #expect(token.hasPrefix(String(id.dropFirst(kind.idPrefix.count)) + "_"))
        }
    }

    @Test func theSimulatorsSessionsAndSelfAnswerAsTheReference() async throws {
        let simulator = simulator()
        let list = await answer(simulator, "GET", "/tunnel_sessions")
        let reference = Self.object(try Self.fixture("tunnel_sessions_list"))
        let item = try #require((list["tunnel_sessions"] as? [[String: Any]])?.first)
        let referenceItem = try #require((reference["tunnel_sessions"] as? [[String: Any]])?.first)
        expectSameShape(item, referenceItem, reads: ["id", "ip", "credential", "started_at", "region"], "tunnel_sessions item")
        let endpoints = await answer(simulator, "GET", "/endpoints")
        let endpointsReference = Self.object(try Self.fixture("endpoints_list"))
        let endpoint = try #require((endpoints["endpoints"] as? [[String: Any]])?.first)
        expectSameShape(endpoint, Self.union(try #require(endpointsReference["endpoints"] as? [[String: Any]])),
                        reads: ["id", "url", "principal", "tunnel_session", "created_at"], "endpoints item")
        let me = await answer(simulator, "GET", "/self")
        expectSameShape(me, Self.object(try Self.fixture("self")), reads: ["account", "api_key", "user"], "self")
    }
}
