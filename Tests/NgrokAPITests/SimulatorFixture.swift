import Foundation
import NgrokAPI
import NgrokSimulator

/// A simulator on 127.0.0.1 and a client pointed at it, fast retries so tests stay quick.
struct SimulatorFixture {
    let server: SimulatorServer
    let client: HTTPNgrokClient
    var simulator: Simulator { server.simulator }

    static func start(
        bots: Int = 20, credentialsPerBot: Int = 2, faults: FaultPlan = FaultPlan(),
        configure: (inout SimulatorOptions) -> Void = { _ in },
        client clientConfigure: (inout ClientConfiguration) -> Void = { _ in }
    ) async throws -> SimulatorFixture {
        var options = SimulatorOptions()
        options.bots = bots
        options.credentialsPerBot = credentialsPerBot
        options.faults = faults
        options.apiKey = SimulatorFixture.apiKey
        configure(&options)
        let server = try await SimulatorServer.start(options)
        var configuration = ClientConfiguration(baseURL: server.baseURL, apiKey: SimulatorFixture.apiKey)
        configuration.retry = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(5), maxDelay: .milliseconds(40), maxRetryAfter: .seconds(2))
        clientConfigure(&configuration)
        return SimulatorFixture(server: server, client: try HTTPNgrokClient(configuration: configuration))
    }

    /// Long enough to be worth redacting, unlike anything else in a message.
    static let apiKey = "2sEcReTkEy_0123456789abcdefSECRET"

    func stop() {
        server.stop()
    }

    func creates() async -> Int {
        await simulator.requestLog().filter { $0.method == "POST" }.count
    }
}
