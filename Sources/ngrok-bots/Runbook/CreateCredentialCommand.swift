import ArgumentParser
import Essentials
import NgrokAPI
import Runbook

/// `ngrok-bots create-credential BOT --kind api-key|authtoken|ssh`: the new token is printed once.
struct CreateCredentialCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-credential", abstract: "Create an API key, authtoken or SSH key owned by a bot; prints its token once.")

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case apiKey = "api-key"
        case authtoken
        case ssh

        var credentialKind: CredentialKind {
            switch self {
            case .apiKey: .apiKey
            case .authtoken: .authtoken
            case .ssh: .sshCredential
            }
        }
    }

    @OptionGroup var options: RunbookOptions

    @Argument(help: "The owner: a bot's id (service_… or bot_…) or exact name.")
    var bot: String

    @Option(help: "api-key, authtoken or ssh.")
    var kind: Kind

    @Option(help: "A description for it.")
    var description = ""

    @Option(help: "The OpenSSH public key file (for --kind ssh).")
    var publicKeyFile: String?

    func run() async throws {
        let publicKey = try publicKeyFile.map(PublicKeyFile.read)
        try await options.run { runbook throws(RunbookError) in
            let owner = try await runbook.resolveBot(bot)
            let created = try await runbook.createCredential(kind.credentialKind, owner: owner, description: description, publicKey: publicKey)
            options.print(RunbookReport.Created(created), text: Secret.text(created))
        }
    }
}
