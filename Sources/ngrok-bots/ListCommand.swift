import ArgumentParser
import BotBrowser
import Essentials
import NgrokAPI
import Runbook

/// `ngrok-bots list`: every bot with the number of credentials of each kind it owns.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Print every bot and how many credentials of each kind it owns.")

    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Print one JSON array instead of a table.")
    var json = false

    func run() async throws {
        // On a terminal, how far the lists got; a pipe gets the table and nothing else.
        let progress = ProgressLine.onTerminal()
        let connected: ConnectionOptions.Connection
        do {
            // No screen to serve while the lists load: every slot and the whole window are theirs.
            connected = try await connection.connect {
                $0.keepsRoomForThePerson = false
                $0.onThrottle = progress?.throttled
            }
        } catch let error as NgrokError {
            printError("error: \(error.summary)")
            throw ExitCode(1)
        }
        defer { connected.demoServer?.stop() }
        progress?.watch(connected.client)
        defer { ProgressLine.stop() }
        let client = connected.client
        do {
            async let bots = client.allBots()
            async let keys = client.allCredentials(.apiKey)
            async let tokens = client.allCredentials(.authtoken)
            async let ssh = client.allCredentials(.sshCredential)
            // Owners told apart as the account does: both spellings of a bot's id are one bot.
            let counts = try await Dictionary(grouping: keys + tokens + ssh) { BotID.key($0.ownerID ?? "") }.mapValues(CredentialCounts.init)
            let rows = try await bots.map { RunbookReport.ListedBot($0, counts: counts[BotID.key($0.id)] ?? CredentialCounts()) }
            ProgressLine.stop()
            print(json ? RunbookReport.json(rows) : RunbookReport.listTable(rows))
        } catch let error as NgrokError {
            ProgressLine.stop()
            printError("error: \(connected.describe(error))")
            throw ExitCode(1)
        }
    }
}
