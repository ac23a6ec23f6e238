import ArgumentParser
import NgrokAPI
import Runbook

/// `ngrok-bots sessions [BOT]`: who is connected right now, from where, with which credential.
struct SessionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessions",
        abstract: "List live agent sessions (every one, or one bot's) with the credential and bot each uses.")

    @OptionGroup var options: RunbookOptions

    @Argument(help: "A bot's id (service_… or bot_…) or exact name; without it, every live session of the account.")
    var bot: String?

    func run() async throws {
        try await options.run(showingProgress: bot == nil) { runbook throws(RunbookError) in
            var owner: BotUser?
            if let bot { owner = try await runbook.resolveBot(bot) }
            let matches = try await runbook.sessions(of: owner)
            options.print(RunbookReport.Sessions(matches),
                          text: matches.isEmpty ? "no live agent sessions" : RunbookReport.sessionsTable(matches))
        }
    }
}

/// `ngrok-bots stop-sessions TARGET… [--yes]`: ends the sessions of bots, credentials, or single sessions.
struct StopSessionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop-sessions",
        abstract: "Stop live agent sessions: every one of a bot's or a credential's, or single sessions (ts_…). The agents exit.",
        discussion: "While the credential works an agent can connect again: deactivate the bot too to keep it out.")

    @OptionGroup var options: RunbookOptions
    @OptionGroup var verify: VerifyOption

    @Flag(help: "Do not ask (needed without a terminal).")
    var yes = false

    @Argument(help: "Bots (ids or exact names), credential ids (cr_…, sshcr_…) or session ids (ts_…).")
    var targets: [String]

    func run() async throws {
        try await options.run { runbook throws(RunbookError) in
            // Everything is found first: an unknown target stops the command before anything changes.
            var found: [SessionMatch] = []
            for target in targets {
                for match in try await runbook.sessions(named: target) where !found.contains(where: { $0.session.id == match.session.id }) {
                    found.append(match)
                }
            }
            guard !found.isEmpty else {
                options.print([RunbookReport.SessionStopped](), text: "no live agent sessions: nothing to stop")
                return
            }
            try runbook.refuseIfReadOnly("stop-sessions")
            StandardStream.writeError("Stopping \(found.count) live session\(found.count == 1 ? "" : "s"):\n"
                                      + RunbookOptions.terminalSafe(RunbookReport.sessionsTable(found)) + "\n")
            try Confirmation.require(yes: yes, prompt: "Their agents are told to exit.", expected: "stop", orWord: "yes")
            let outcomes = try await runbook.stop(found)
            options.print(outcomes.map(RunbookReport.SessionStopped.init), text: RunbookReport.stoppedTable(outcomes))
            if outcomes.contains(where: { $0.outcome == .failed }) {
                throw RunbookError(.apiError, "\(outcomes.filter { $0.outcome == .failed }.count) session(s) could not be stopped")
            }
            // Each bot whose sessions were stopped: is anything of it back?
            var bots: [BotUser] = []
            var agentCredentials: [String: [String]] = [:]
            for case let bot? in found.map(\.bot) where agentCredentials[bot.id] == nil && verify.verify {
                bots.append(bot)
                agentCredentials[bot.id] = try await runbook.agentCredentialIDs(of: bot)
            }
            try await verify.check(bots, agentCredentials: agentCredentials, runbook: runbook, json: options.json)
        }
    }
}
