import ArgumentParser
import Runbook

/// `ngrok-bots delete BOT… [--yes]`: says every credential that dies with each bot, then deletes.
struct DeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete bots and, with them, every credential they own (cannot be undone).")

    @OptionGroup var options: RunbookOptions

    @Flag(help: "Do not ask (needed without a terminal).")
    var yes = false

    @OptionGroup var lockout: SelfLockoutOption

    @Argument(help: "Bots' ids (service_… or bot_…) or exact names.")
    var bots: [String]

    func run() async throws {
        try await options.run { runbook throws(RunbookError) in
            var deleted: [RunbookReport.Deleted] = []
            var text: [String] = []
            for name in bots {
                let bot = try await runbook.resolveBot(name)
                try await runbook.refuseSelfLockout(bots: [bot], allowed: lockout.allowSelfLockout)
                let owned = try await runbook.credentials(of: bot)
                let warning = ["Deleting \(RunbookReport.line(bot)) revokes " + (owned.isEmpty ? "no credentials." : "at once and for good:")]
                    + owned.map(RunbookReport.line)
                warning.forEach(printError)
                try Confirmation.require(yes: yes, prompt: "This cannot be undone.", expected: bot.name, id: bot.id)
                try await runbook.deleteBot(bot, owned: owned)
                deleted.append(RunbookReport.Deleted(bot: bot, revoked: owned))
                text.append("deleted \(RunbookReport.line(bot)) and \(owned.count) credential\(owned.count == 1 ? "" : "s")")
            }
            options.print(deleted, text: text.joined(separator: "\n"))
        }
    }
}
