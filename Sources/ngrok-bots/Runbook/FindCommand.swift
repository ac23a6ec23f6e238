import ArgumentParser
import NgrokAPI
import Runbook

/// `ngrok-bots find TEXT`: who owns a credential id, or what a name or description matches.
struct FindCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "find",
        abstract: "Who owns a credential id (ak_…, cr_…, sshcr_…), or which bots and credentials match a name or description.")

    @OptionGroup var options: RunbookOptions

    @Argument(help: "A credential or bot id, a leaked token, an agent's IP address, or text in a bot's name or a credential's description; - reads one line from standard input (a token then stays out of shell history and ps).")
    var text: String

    func run() async throws {
        let given = text == "-" ? (readLine(strippingNewline: true) ?? "") : text
        let token = LeakedToken.find(in: given)
        if token != nil, text != "-" {
            StandardStream.writeError("warning: a token given as an argument is in your shell history and visible in ps; "
                                      + "next time use: ngrok-bots find - (and paste it on standard input)\n")
        }
        // Never echoed: a token is shown as the ids derived from it.
        let shown = token.map { "the token of \($0.candidatesText)" } ?? "\"\(given)\""
        try await options.run { runbook throws(RunbookError) in
            let matches = try await runbook.find(given)
            if options.json || !matches.isEmpty {
                options.print(RunbookReport.Found(matches), text: RunbookReport.findText(matches))
            }
            if matches.isEmpty { throw RunbookError(.notFound, "nothing in this account matches \(shown)") }
        }
    }
}
