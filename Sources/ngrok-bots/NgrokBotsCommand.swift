import ArgumentParser
import NgrokAPI

@main
struct NgrokBotsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ngrok-bots",
        abstract: "Browse, deactivate and delete the bot users (service users) of an ngrok account.",
        discussion: """
            Without a subcommand, opens the terminal UI. Try it with no account: ngrok-bots --demo
            The API key comes from NGROK_API_KEY, --api-key-file, or api_key in the ngrok agent's ngrok.yml.
            """,
        version: ClientConfiguration.version,
        subcommands: [BrowseCommand.self, ListCommand.self, SimulatorCommand.self],
        defaultSubcommand: BrowseCommand.self
    )
}
