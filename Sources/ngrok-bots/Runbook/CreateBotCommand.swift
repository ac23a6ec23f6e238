import ArgumentParser
import Runbook

/// `ngrok-bots create-bot NAME`.
struct CreateBotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create-bot", abstract: "Create a bot (active).")

    @OptionGroup var options: RunbookOptions

    @Argument(help: "The new bot's name.")
    var name: String

    func run() async throws {
        try await options.run { runbook throws(RunbookError) in
            let bot = try await runbook.createBot(name: name)
            options.print(RunbookReport.Bot(bot), text: RunbookReport.line(bot))
        }
    }
}
