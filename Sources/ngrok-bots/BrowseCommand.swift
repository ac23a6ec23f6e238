import ArgumentParser

/// The terminal UI (the default command).
struct BrowseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "browse", abstract: "Open the terminal UI (the default).")

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let connected = try await connection.connect()
        defer { connected.demoServer?.stop() }
        print("TUI not yet available")
    }
}
