import ArgumentParser
import BotBrowser
import BotBrowserEffects
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NgrokAPI
import Runbook

/// What every runbook command takes: the connection, `--json`, `--read-only` and the audit log.
struct RunbookOptions: ParsableArguments {
    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Print JSON (shapes in the README) instead of text.")
    var json = false

    @Flag(help: "Refuse every command that changes the account (exit status 5).")
    var readOnly = false

    @OptionGroup var audit: AuditLogOptions

    /// Connects and hands the runbook to `body`; a `RunbookError` becomes its message on stderr
    /// and its exit status.
    func run(_ body: (Runbook) async throws(RunbookError) -> Void) async throws {
        Interruption.install()
        let log = try audit.open(demo: connection.demo)
        let connected: ConnectionOptions.Connection
        do {
            connected = try await connection.connect()
        } catch let error as NgrokError {
            printError("error: \(error.summary)")
            throw ExitCode(RunbookError.Status.apiError.rawValue)
        }
        defer { connected.demoServer?.stop() }
        do {
            try await body(Runbook(client: connected.client, audit: log, readOnly: readOnly))
        } catch {
            // A refused key is one message naming where the key came from, whatever was asked.
            let refused = error.cause.flatMap { $0.isKeyRefused ? connected.describe($0) : nil }
            printError("error: \(refused ?? error.message)")
            throw ExitCode(error.status.rawValue)
        }
    }

    /// Prints `value` as JSON with `--json`, else the text, cleaned as the screen is of what
    /// could reach the terminal as a command (JSON escapes those already).
    func print<T: Encodable>(_ value: T, text: @autoclosure () -> String) {
        Swift.print(json ? RunbookReport.json(value) : Self.terminalSafe(text()))
    }

    /// Every line of `text` without control characters, escape sequences' introducers or bidi
    /// controls: names, ids and server messages come from whoever can change the account.
    static func terminalSafe(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { TextSanitizer.clean(String($0)) }.joined(separator: "\n")
    }
}
