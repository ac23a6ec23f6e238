import ArgumentParser
import NgrokAPI
import Runbook

/// `ngrok-bots delete BOT… [--yes]`: says every credential that dies with each bot, then deletes.
struct DeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete bots and, with them, every credential they own (cannot be undone).")

    @OptionGroup var options: RunbookOptions

    @Flag(help: "Do not ask (needed without a terminal).")
    var yes = false

    @OptionGroup var lockout: SelfLockoutOption
    @OptionGroup var verify: VerifyOption

    @Argument(help: "Bots' ids (service_… or bot_…) or exact names.")
    var bots: [String]

    func run() async throws {
        try await options.run { runbook throws(RunbookError) in
            var deleted: [RunbookReport.Deleted] = []
            var text: [String] = []
            // A deleted bot's authtokens and SSH keys are gone; an agent back on one would still be news.
            var agentCredentials: [String: [String]] = [:]
            var gone: [BotUser] = []
            for name in bots {
                let bot = try await runbook.resolveBot(name)
                try await runbook.refuseSelfLockout(bots: [bot], allowed: lockout.allowSelfLockout)
                let owned = try await runbook.credentials(of: bot)
                let live = await runbook.liveSessions(using: owned)
                var warning = ["Deleting \(RunbookReport.describe(bot)) revokes " + (owned.isEmpty ? "no credentials." : "at once and for good:")]
                if !owned.isEmpty { warning.append(RunbookReport.credentialTable(owned)) }
                switch live {
                case .success(let sessions) where !sessions.isEmpty:
                    warning.append("\(sessions.count) live agent session\(sessions.count == 1 ? " uses" : "s use") its authtokens and SSH keys now "
                                   + "(the API does not say whether deleting ends them); to stop them first: ngrok-bots stop-sessions \(bot.id)")
                case .failure(let error): warning.append("its live agent sessions could not be read: \(error.message)")
                default: break
                }
                StandardStream.writeError(RunbookOptions.terminalSafe(warning.joined(separator: "\n")) + "\n")
                try Confirmation.require(yes: yes, prompt: "This cannot be undone.", expected: bot.name, id: bot.id)
                try await runbook.deleteBot(bot, owned: owned)
                agentCredentials[bot.id] = owned.filter { $0.kind != .apiKey }.map(\.id)
                gone.append(bot)
                // Asked again: the bot is gone, so only the sessions' own ids can stop them now.
                let left = await runbook.liveSessions(using: owned)
                deleted.append(RunbookReport.Deleted(bot: bot, revoked: owned, liveSessions: try? left.get()))
                text.append("deleted \(RunbookReport.describe(bot)) and \(owned.count) credential\(owned.count == 1 ? "" : "s")")
                switch left {
                case .success(let sessions):
                    if let note = RunbookReport.liveSessionsNote(sessions, on: "its deleted authtokens and SSH keys", targets: sessions.map(\.id),
                                                                 unknownEffect: "the API does not say whether deleting ends them") {
                        text.append(note)
                    }
                case .failure(let error): text.append("its live agent sessions could not be read: \(error.message)")
                }
            }
            options.print(deleted, text: text.joined(separator: "\n"))
            try await verify.check(gone, agentCredentials: agentCredentials, runbook: runbook, json: options.json)
        }
    }
}
