import ArgumentParser
import Runbook

/// `ngrok-bots show BOT`: one bot and every credential it owns.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print one bot (an id or its exact name) and every credential it owns.")

    @OptionGroup var options: RunbookOptions

    @Argument(help: "A bot's id (service_… or bot_…) or exact name.")
    var bot: String

    func run() async throws {
        try await options.run { runbook throws(RunbookError) in
            let found = try await runbook.resolveBot(bot)
            let owned = try await runbook.credentials(of: found)
            options.print(RunbookReport.Show(bot: found, credentials: owned), text: RunbookReport.showText(found, credentials: owned))
        }
    }
}
