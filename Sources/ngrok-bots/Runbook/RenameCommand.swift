import ArgumentParser
import Runbook

/// `ngrok-bots rename BOT NAME`.
struct RenameCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rename", abstract: "Rename a bot.")

    @OptionGroup var options: RunbookOptions

    @Argument(help: "The bot's id (service_… or bot_…) or exact name.")
    var bot: String

    @Argument(help: "Its new name.")
    var name: String

    func run() async throws {
        try await options.run { runbook throws(RunbookError) in
            let renamed = try await runbook.rename(try await runbook.resolveBot(bot), to: name)
            options.print(RunbookReport.Bot(renamed), text: RunbookReport.line(renamed))
        }
    }
}
