import ArgumentParser
import NgrokAPI
import Runbook

/// `ngrok-bots deactivate BOT…`: the incident button, without a screen. A bot already inactive is
/// left alone and nothing is sent.
struct DeactivateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deactivate", abstract: "Deactivate bots (ids or exact names): their credentials stop working.")

    @OptionGroup var options: RunbookOptions
    @OptionGroup var lockout: SelfLockoutOption

    @Argument(help: "Bots' ids (service_… or bot_…) or exact names.")
    var bots: [String]

    func run() async throws {
        try await setActive(bots, active: false, options: options, allowSelfLockout: lockout.allowSelfLockout)
    }
}

/// `ngrok-bots activate BOT…`.
struct ActivateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activate", abstract: "Activate bots (ids or exact names): their credentials work again.")

    @OptionGroup var options: RunbookOptions

    @Argument(help: "Bots' ids (service_… or bot_…) or exact names.")
    var bots: [String]

    func run() async throws {
        try await setActive(bots, active: true, options: options, allowSelfLockout: true)
    }
}

/// Resolves every name first (an unknown or ambiguous one stops before anything changes), then
/// changes each bot; any failure makes the exit status 1 after all were tried.
private func setActive(_ names: [String], active: Bool, options: RunbookOptions, allowSelfLockout: Bool) async throws {
    try await options.run { runbook throws(RunbookError) in
        var targets: [BotUser] = []
        for name in names { targets.append(try await runbook.resolveBot(name)) }
        try await runbook.refuseSelfLockout(bots: targets, allowed: allowSelfLockout)
        let outcomes = try await runbook.setActive(targets, active: active)
        let verb = active ? "activated" : "deactivated"
        options.print(outcomes.map(RunbookReport.SetActive.init), text: outcomes.map { outcome in
            let line = RunbookReport.line(outcome.bot)
            if let error = outcome.error { return "\(line)  FAILED: \(error.summary)" }
            return "\(line)  " + (outcome.changed ? verb : "\(verb) (it already was when read; sent anyway, the server confirmed)")
        }.joined(separator: "\n"))
        if let failed = outcomes.first(where: { $0.error != nil }) {
            throw RunbookError(.apiError, "\(outcomes.filter { $0.error != nil }.count) of \(outcomes.count) failed; first: \(failed.error!.summary)")
        }
    }
}
