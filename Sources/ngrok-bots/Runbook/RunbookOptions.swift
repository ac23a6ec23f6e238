import ArgumentParser
import BotBrowser
import BotBrowserEffects
import Essentials
import NgrokAPI
import Runbook

/// What every runbook command takes: the connection, `--json`, `--read-only` and the audit log.
struct RunbookOptions: ParsableArguments {
    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Print JSON (shapes in the README) instead of text.")
    var json = false

    @Flag(inversion: .prefixedNo, help: "Refuse every command that changes the account (exit status 5); --no-read-only overrides the profile's read_only.")
    var readOnly: Bool?

    @OptionGroup var audit: AuditLogOptions

    /// Connects and hands the runbook to `body`; a `RunbookError` becomes its message on stderr
    /// and its exit status. `showingProgress`: a whole-account read, which on a terminal says on
    /// stderr how far it got (`ProgressLine`).
    func run(showingProgress: Bool = false, _ body: (Runbook) async throws(RunbookError) -> Void) async throws {
        try await run(showingProgress: showingProgress) { runbook, _ throws(RunbookError) in try await body(runbook) }
    }

    /// The same, for a command that also reports the connection (its profile, its URL).
    func run(showingProgress: Bool = false, _ body: (Runbook, ConnectionOptions.Connection) async throws(RunbookError) -> Void) async throws {
        Interruption.install()
        let progress = showingProgress ? ProgressLine.onTerminal() : nil
        let profile = try connection.activeProfile()
        let log = try audit.open(demo: connection.demo, configured: profile.settings.auditLog)
        let connected: ConnectionOptions.Connection
        do {
            connected = try await connection.connect(profile: profile) { configuration in
                configuration.onChangeWaits = { wait in
                    printError("waiting \(Int((wait / .seconds(1)).rounded(.up))) s for the API's rate window before sending the change")
                }
                // One thing to do, and no one to keep room for while it is done.
                configuration.keepsRoomForThePerson = false
                configuration.onThrottle = progress?.throttled
            }
        } catch let error as NgrokError {
            printError("error: \(error.summary)")
            throw ExitCode(RunbookError.Status.apiError.rawValue)
        }
        defer { connected.demoServer?.stop() }
        progress?.watch(connected.client)
        defer { ProgressLine.stop() }
        do {
            let readOnly = self.readOnly ?? profile.settings.readOnly ?? false
            try await body(Runbook(client: connected.client, audit: log, readOnly: readOnly), connected)
            await shareWindow(connected)
        } catch {
            await shareWindow(connected)
            // A refused key is one message naming where the key came from, whatever was asked.
            let refused = error.cause.flatMap { $0.isKeyRefused ? connected.describe($0) : nil }
            ProgressLine.stop()
            // Line by line: an ambiguous name's candidates are a table.
            StandardStream.writeError(Self.terminalSafe("error: \(refused ?? error.message)") + "\n")
            throw ExitCode(error.status.rawValue)
        }
    }

    /// What this command spent of the API's window, for the next command or the TUI to count.
    private func shareWindow(_ connected: ConnectionOptions.Connection) async {
        connected.cache?.saveRecentRequests(await connected.client.recentRequests())
    }

    /// Prints `value` as JSON with `--json`, else the text, cleaned as the screen is of what
    /// could reach the terminal as a command (JSON escapes those already).
    func print<T: Encodable>(_ value: T, text: @autoclosure () -> String) {
        ProgressLine.stop()
        Swift.print(json ? RunbookReport.json(value) : Self.terminalSafe(text()))
    }

    /// Every line of `text` without control characters, escape sequences' introducers or bidi
    /// controls: names, ids and server messages come from whoever can change the account.
    static func terminalSafe(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { TextSanitizer.clean(String($0)) }.joined(separator: "\n")
    }
}
