import ArgumentParser
import BotBrowser
import BotBrowserEffects
import Essentials
import NgrokAPI
import TerminalUI

/// The terminal UI (the default command).
struct BrowseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "browse", abstract: "Open the terminal UI (the default).")

    @OptionGroup var connection: ConnectionOptions

    @Flag(inversion: .prefixedNo, help: "Offer no action that changes the account; --no-read-only overrides the profile's read_only.")
    var readOnly: Bool?

    @Option(help: "Key bindings to apply over the defaults (default: $XDG_CONFIG_HOME/ngrok-bots/keymap.conf).")
    var keymap: String?

    @OptionGroup var audit: AuditLogOptions

    @Flag(help: "No colours (also when NO_COLOR is set).")
    var noColor = false

    @Flag(help: "ASCII borders and symbols (automatic when the locale is not UTF-8).")
    var ascii = false

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        // Files the user named are checked before anything connects: a typo is a usage error.
        let (keys, keymapNotes) = try loadKeymap(environment: environment)
        let profile = try connection.activeProfile(environment: environment)
        let audit = try self.audit.open(environment: environment, demo: connection.demo, configured: profile.settings.auditLog)
        let connected: ConnectionOptions.Connection
        let loop = InteractiveLoop()
        do {
            connected = try await connection.connect(profile: profile) { configuration in
                configuration.onThrottle = { wait in loop.post(.throttled(wait)) }
                configuration.onChangeWaits = { wait in loop.post(.changeWaits(wait)) }
                configuration.onReadsWait = { wait in loop.post(.readsWait(wait)) }
            }
        } catch let error as NgrokError {
            printError("error: \(error.summary)")
            throw ExitCode(1)
        }
        defer { connected.demoServer?.stop() }

        let display = DisplayOptions(color: !noColor && (environment["NO_COLOR"] ?? "").isEmpty,
                                     ascii: ascii, asciiText: !Self.localeIsUTF8(environment))
        var state = AppState(apiHost: ConnectionOptions.hostLabel(connected.client.configuration.baseURL),
                             readOnly: readOnly ?? profile.settings.readOnly ?? false,
                             isDemo: connection.demo, display: display, keymap: keys)
        state.settings.keySource = connected.keySource
        state.settings.profileName = profile.name
        state.settings.isProduction = profile.isProduction
        if let cached = connected.cached { _ = reduce(&state, .cacheLoaded(cached)) }
        Self.show(connected.warnings + keymapNotes, in: &state)

        let runner = EffectRunner(client: connected.client, audit: audit, cache: connected.cache,
                                  deliver: { await loop.deliver($0) }, send: { loop.post($0) })
        // First in line: which account and key, for the title and the self-lockout guard.
        runner.run(.loadSelf)
        let initial = state
        let exit = await withCheckedContinuation { (done: CheckedContinuation<InteractiveLoop.Exit, Never>) in
            TerminalThread.start(stackSize: 8 << 20) {
                let signals = SignalWatcher()
                let terminal = NcursesTerminal(color: display.color, wakeup: loop.wakeup)
                done.resume(returning: loop.run(state: initial, terminal: terminal, signals: signals, perform: runner.run))
            }
        }
        runner.cancelLoads()
        // Changes still queued are stopped now rather than sent behind the user's back; those already
        // sent get a few seconds to be answered.
        let notSent = runner.stopQueuedMutations()
        let unanswered = await runner.finishMutations(within: .seconds(10))
        connected.cache?.saveRecentRequests(await connected.client.recentRequests())
        let auditNote = audit.map { " (see the audit log \($0.path))" } ?? ""
        if notSent > 0 {
            printError("error: \(notSent) change(s) were still queued and were never sent; the account was not changed for them\(auditNote)")
        }
        if unanswered > 0 {
            printError("error: \(unanswered) change(s) sent to the server got no answer before exit; "
                       + "their outcome is unknown: check the account\(auditNote)")
        }
        if case .signal(let number) = exit { throw ExitCode(128 + number) }
        if notSent > 0 || unanswered > 0 { throw ExitCode(1) }
    }

    /// Defaults, then the user's file; bad lines (`PATH:LINE: message`) and restored essentials
    /// become notes for the `!` log. A `--keymap` file that is missing or unreadable is a usage
    /// error (exit 2).
    private func loadKeymap(environment: [String: String]) throws -> (Keymap, [String]) {
        switch UserKeymapFile(option: keymap, environment: environment).load() {
        case .success(let loaded):
            return (loaded.keymap, loaded.errors + loaded.notes)
        case .failure(let error):
            printError("error: \(error.message)")
            throw ExitCode(2)
        }
    }

    /// What went wrong before the screen opened, each in the `!` log (the screen hides stderr),
    /// and on the status line one of them with how many more there are.
    static func show(_ notes: [String], in state: inout AppState) {
        guard let first = notes.first else { return }
        for note in notes { state.ui.events.record(note, level: .warning, at: state.ui.now) }
        let logKey = state.settings.keymap.keys(for: .eventLog, in: .list).first?.display ?? "!"
        // The count first: a long path can run off the status line.
        let count = notes.count > 1 ? "\(notes.count) problems at start (\(logKey) lists them): " : ""
        state.ui.flash = Flash(count + first, .warning)
    }

    static func localeIsUTF8(_ environment: [String: String]) -> Bool {
        let locale = [environment["LC_ALL"], environment["LC_CTYPE"], environment["LANG"]].compactMap { $0 }.first { !$0.isEmpty } ?? ""
        let lower = locale.lowercased()
        return lower.contains("utf-8") || lower.contains("utf8")
    }
}
