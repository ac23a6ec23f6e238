import Foundation
import NgrokAPI
import NgrokSimulator
import Testing

/// The simulator takes the API's CEL subset on the fields each list allows, and refuses the rest
/// with 400 `invalid_cel_expression`, so the client's use of filters is tested against the truth.
@Suite("Simulator: list filters")
struct SimulatorFilterTests {
    static let key = "filter-test-key"

    func ids(_ simulator: Simulator, _ path: String, _ listKey: String, _ filter: String) async -> (Int, [String]) {
        let request = SimulatorRequest(method: "GET", path: path, query: ["filter": filter, "limit": "100"],
                                       headers: ["Authorization": "Bearer \(Self.key)", "Ngrok-Version": "2"])
        let response = await simulator.handle(request)
        let object = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any]
        let items = object?[listKey] as? [[String: Any]] ?? []
        return (response.status, items.compactMap { $0["id"] as? String })
    }

    func simulator() -> Simulator {
        var options = SimulatorOptions()
        options.apiKey = Self.key
        options.bots = 8
        options.credentialsPerBot = 3
        return Simulator(options: options)
    }

    @Test func eachShapeOfTheSubset() async throws {
        let simulator = simulator()
        let keys = await simulator.allCredentials().filter { $0.kind == .apiKey }
        let first = try #require(keys.first), second = try #require(keys.dropFirst().first)
        let owner = try #require(first.ownerID)
        func expect(_ filter: String, _ wanted: (Credential) -> Bool, sourceLocation: SourceLocation = #_sourceLocation) async {
            let (status, got) = await ids(simulator, "/api_keys", "keys", filter)
            #expect(status == 200, "\(filter)", sourceLocation: sourceLocation)
            #expect(got == keys.filter(wanted).prefix(100).map(\.id), "\(filter)", sourceLocation: sourceLocation)
        }
        // The server compares owner_id as it spells it (`SimulatorOptions.ownerSpelling`).
        let spelled = BotID.respell(owner, for: await simulator.options.ownerSpelling)
        await expect("obj.owner_id == \"\(spelled)\"") { BotID.same($0.ownerID, owner) }
        await expect("obj.owner_id != '\(spelled)'") { !BotID.same($0.ownerID, owner) }
        await expect("obj.description.contains(\"sync\")") { $0.description.contains("sync") }
        await expect("obj.description.startsWith(\"deploy\") || obj.description.endsWith(\"(prod)\")") {
            $0.description.hasPrefix("deploy") || $0.description.hasSuffix("(prod)")
        }
        await expect("!(obj.id in [\"\(first.id)\", \"\(second.id)\"]) && obj.created_at >= timestamp(\"2000-01-01T00:00:00Z\")") {
            $0.id != first.id && $0.id != second.id
        }
        await expect("obj.created_at < timestamp(\"\(APIJSON.formatTimestamp(first.createdAt))\")") { $0.createdAt < first.createdAt }
        await expect("size(obj.description) > 0") { !$0.description.isEmpty }
        let bots = await simulator.allBots()
        let (status, botIDs) = await ids(simulator, "/service_users", "service_users", "obj.id == \"\(bots[2].id)\"")
        #expect(status == 200 && botIDs == [bots[2].id])
    }

    @Test func whatTheAPIRefusesIsA400() async {
        let simulator = simulator()
        for (path, listKey, filter) in [
            ("/service_users", "service_users", "obj.name == \"ci\""),  // no name filter on service users
            ("/api_keys", "keys", "obj.id.startsWith(\"ak_\")"),  // no search inside ids
            ("/api_keys", "keys", "obj.acl == \"x\""),  // acl is for authtokens and SSH keys
            ("/api_keys", "keys", "obj.created_at > 5"),  // a time is not a number
            ("/api_keys", "keys", "obj.description.contains(\"x\""),  // unbalanced
        ] {
            let (status, _) = await ids(simulator, path, listKey, filter)
            #expect(status == 400, "\(filter)")
        }
        let response = await simulator.handle(SimulatorRequest(method: "GET", path: "/api_keys", query: ["filter": "obj.nope == 1"],
                                                                headers: ["Authorization": "Bearer \(Self.key)", "Ngrok-Version": "2"]))
        #expect(String(decoding: response.body, as: UTF8.self).contains("invalid_cel_expression"))
    }
}
