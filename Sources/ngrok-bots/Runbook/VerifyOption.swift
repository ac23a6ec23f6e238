import ArgumentParser
import BotBrowser
import Essentials
import NgrokAPI
import Runbook

/// `--verify`: contain, then verify, as the terminal UI does after `D t y`. A few seconds after the
/// change the server is asked again whether each bot is off and whether any agent or endpoint of
/// it is still up; one line per bot, and exit status 6 when one is not contained.
struct VerifyOption: ParsableArguments {
    @Flag(help: "A few seconds after the change, ask the server again whether each bot is off and nothing of it is connected or exposed (exit status 6 if not).")
    var verify = false

    /// Checks each bot against the credentials it had (`agentCredentials`, read before the change
    /// for a deleted bot) and prints the report: on stdout as text, on stderr beside `--json`, so
    /// the JSON document stays one document.
    func check(_ bots: [BotUser], agentCredentials: [String: [String]], runbook: Runbook, json: Bool) async throws(RunbookError) {
        guard verify, !bots.isEmpty else { return }
        var contained = true
        for (index, bot) in bots.enumerated() {
            let check = try await runbook.verifyContainment(of: bot, credentialIDs: agentCredentials[bot.id] ?? [],
                                                            after: index == 0 ? Runbook.verifyDelay : .zero)
            contained = contained && check.isContained
            let line = RunbookOptions.terminalSafe(check.report(botName: bot.name, checkedAt: Date()))
            if json { printError(line) } else { print(line) }
        }
        if !contained { throw RunbookError.notContained }
    }
}
