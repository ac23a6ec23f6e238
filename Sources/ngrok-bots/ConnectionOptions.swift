import ArgumentParser
import BotBrowser
import Foundation
import NgrokAPI
import NgrokSimulator

/// How to reach an API: the real one with a key, or the built-in simulator with --demo.
struct ConnectionOptions: ParsableArguments {
    @Flag(help: "Start the built-in simulator on 127.0.0.1 and use it instead of the real API.")
    var demo = false

    @Option(help: "The API's base URL.")
    var apiURL: String = ClientConfiguration.defaultBaseURL.absoluteString

    @Option(help: "Read the API key from this file (used when NGROK_API_KEY is not set).")
    var apiKeyFile: String?

    @Option(help: "Which bot resource to use: auto, bot-users or service-users.")
    var resource: BotResourceChoice = .auto

    /// A connected client, plus the in-process simulator when --demo started one.
    struct Connection {
        var client: HTTPNgrokClient
        var demoServer: SimulatorServer?
        /// Already printed to stderr; the UI repeats them, since its screen hides what came before.
        var warnings: [String] = []
    }

    func connect(demoOptions: SimulatorOptions = Self.demoSimulatorOptions) async throws -> Connection {
        if demo {
            let server = try await SimulatorServer.start(demoOptions)
            let configuration = ClientConfiguration(baseURL: server.baseURL, apiKey: demoOptions.apiKey, resource: resource)
            return Connection(client: try HTTPNgrokClient(configuration: configuration), demoServer: server)
        }
        guard let url = URL(string: apiURL) else { throw ValidationError("--api-url is not a URL: \(apiURL)") }
        try ClientConfiguration.validate(baseURL: url)
        let found = try APIKeySource(apiKeyFile: apiKeyFile).resolve()
        for warning in found.warnings { printError(warning) }
        let configuration = ClientConfiguration(baseURL: url, apiKey: found.key, resource: resource)
        return Connection(client: try HTTPNgrokClient(configuration: configuration), demoServer: nil, warnings: found.warnings)
    }

    /// About 60 realistic bots and a little latency, so loading progress is visible.
    static var demoSimulatorOptions: SimulatorOptions {
        var options = SimulatorOptions()
        options.bots = 60
        options.faults.latencyMs = 60
        options.faults.jitterMs = 120
        return options
    }
}

extension BotResourceChoice: ExpressibleByArgument {}

/// Writes to stderr. Messages can quote the server, so control characters are removed first.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((TextSanitizer.clean(message) + "\n").utf8))
}
