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
    @OptionGroup var verify: VerifyOption
    @OptionGroup var neverAsks: NeverAsks

    @Argument(help: "Bots' ids (service_… or bot_…) or exact names.")
    var bots: [String]

    func run() async throws {
        try await setActive(bots, active: false, options: options, allowSelfLockout: lockout.allowSelfLockout, verify: verify)
    }
}

/// `ngrok-bots activate BOT…`.
struct ActivateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activate", abstract: "Activate bots (ids or exact names): their credentials work again.")

    @OptionGroup var options: RunbookOptions
    @OptionGroup var neverAsks: NeverAsks

    @Argument(help: "Bots' ids (service_… or bot_…) or exact names.")
    var bots: [String]

    func run() async throws {
        try await setActive(bots, active: true, options: options, allowSelfLockout: true, verify: nil)
    }
}

/// `--yes` on a command that never asks: accepted, so a runbook can pass it to every change.
struct NeverAsks: ParsableArguments {
    @Flag(help: "Accepted and ignored: deactivate and activate never ask.")
    var yes = false
}

/// Resolves every name first (an unknown or ambiguous one stops before anything changes), then
/// changes each bot; any failure makes the exit status 1 after all were tried.
private func setActive(_ names: [String], active: Bool, options: RunbookOptions, allowSelfLockout: Bool,
                       verify: VerifyOption?) async throws {
    try await options.run { runbook throws(RunbookError) in
        var targets: [BotUser] = []
        for name in names { targets.append(try await runbook.resolveBot(name)) }
        try await runbook.refuseSelfLockout(bots: targets, allowed: allowSelfLockout)
        let outcomes = try await runbook.setActive(targets, active: active)
        // What a deactivated bot leaves running, read after the change: the API does not say
        // whether deactivating ends its agents' sessions.
        var live: [String: Result<[TunnelSession], RunbookError>] = [:]
        if !active {
            for outcome in outcomes where outcome.error == nil { live[outcome.bot.id] = await runbook.liveSessions(of: outcome.bot) }
        }
        options.print(outcomes.map { RunbookReport.SetActive($0, liveSessions: try? live[$0.bot.id]?.get()) },
                      text: RunbookReport.setActiveText(outcomes, active: active, liveSessions: live))
        if let failed = outcomes.first(where: { $0.error != nil }) {
            throw RunbookError(.apiError, "\(outcomes.filter { $0.error != nil }.count) of \(outcomes.count) failed; first: \(failed.error!.summary)")
        }
        if let verify, verify.verify {
            var agentCredentials: [String: [String]] = [:]
            for outcome in outcomes { agentCredentials[outcome.bot.id] = try await runbook.agentCredentialIDs(of: outcome.bot) }
            try await verify.check(outcomes.map(\.bot), agentCredentials: agentCredentials, runbook: runbook, json: options.json)
        }
    }
}
