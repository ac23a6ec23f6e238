import ArgumentParser
import Runbook

/// `ngrok-bots find TEXT`: who owns a credential id, or what a name or description matches.
struct FindCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "find",
        abstract: "Who owns a credential id (ak_…, cr_…, sshcr_…), or which bots and credentials match a name or description.")

    @OptionGroup var options: RunbookOptions

    @Argument(help: "A credential or bot id, or text in a bot's name or a credential's description.")
    var text: String

    func run() async throws {
        try await options.run { runbook throws(RunbookError) in
            let matches = try await runbook.find(text)
            if options.json || !matches.isEmpty {
                options.print(RunbookReport.Found(matches), text: matches.map(RunbookReport.text).joined(separator: "\n"))
            }
            if matches.isEmpty { throw RunbookError(.notFound, "nothing in this account matches \"\(text)\"") }
        }
    }
}
