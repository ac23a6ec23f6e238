import ArgumentParser
import Essentials
import NgrokAPI

@main
struct NgrokBotsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ngrok-bots",
        abstract: "Browse, deactivate and delete the bot users (service users) of an ngrok account.",
        discussion: """
            Without a subcommand, opens the terminal UI. Try it with no account: ngrok-bots --demo
            The API key comes from NGROK_API_KEY, --api-key-file, or api_key in the ngrok agent's ngrok.yml,
            or from a profile of $XDG_CONFIG_HOME/ngrok-bots/config.yml (--profile NAME or NGROK_BOTS_PROFILE).
            """,
        version: ClientConfiguration.version,
        subcommands: [BrowseCommand.self, ListCommand.self, FindCommand.self, ShowCommand.self, DeactivateCommand.self, ActivateCommand.self,
                      DeleteCommand.self, CreateBotCommand.self, RenameCommand.self, CreateCredentialCommand.self, RotateCommand.self,
                      SessionsCommand.self, StopSessionsCommand.self, SinceCommand.self, AuditCommand.self, WhoAmICommand.self, ConfigCommand.self,
                      SimulatorCommand.self],
        defaultSubcommand: BrowseCommand.self
    )

    /// As ArgumentParser's, except that a usage error exits with 2 (the documented status), not 64.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                StandardStream.writeError(fullMessage(for: error) + "\n")
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
    }
}
