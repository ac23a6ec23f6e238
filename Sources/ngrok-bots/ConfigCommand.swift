import ArgumentParser
import BotBrowser
import Essentials
import NgrokAPI

/// `ngrok-bots config check`: every problem of config.yml and of the keymap file, each with its
/// path and line, without connecting or opening the screen.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Check the configuration files.", subcommands: [ConfigCheckCommand.self])
}

struct ConfigCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check config.yml and the keymap file; print every problem as PATH:LINE: message.",
        discussion: "Exit status 0 when neither has an error (warnings allowed), 2 when one has. Nothing is sent anywhere, and api_key_command is not run.")

    @Option(help: "The keymap file to check (default: $XDG_CONFIG_HOME/ngrok-bots/keymap.conf).")
    var keymap: String?

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let directories = UserDirectories(environment: environment)
        var errors = 0
        var lines: [String] = []
        func report(_ issue: ConfigIssue) {
            if issue.severity == .error { errors += 1 }
            lines.append(issue.description)
        }

        let configPath = ConfigFile.defaultPath(directories)
        var checked: [String] = []
        if FileManager.default.fileExists(atPath: configPath) {
            checked.append(configPath)
            if let text = try? String(contentsOfFile: configPath, encoding: .utf8) {
                let (file, issues) = ConfigFile.parse(text, path: configPath, home: directories.home)
                // In line order, as an editor walks the file.
                let all = (issues + file.keySourceIssues(environment: environment)).enumerated()
                    .sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }.map(\.element)
                all.forEach(report)
                if let name = environment[ActiveProfile.environmentVariable], !name.isEmpty, file.profile(named: name) == nil {
                    report(ConfigIssue(path: configPath, line: nil,
                                       "\(ActiveProfile.environmentVariable) names \"\(name)\", which is not a profile; \(file.knownProfiles)"))
                }
            } else {
                report(ConfigIssue(path: configPath, line: nil, "cannot be read"))
            }
        } else {
            lines.append("\(configPath): no config file (the built-in defaults apply)")
        }

        let keymapFile = UserKeymapFile(option: keymap, environment: environment)
        switch keymapFile.load() {
        case .success(let loaded):
            if loaded.exists { checked.append(keymapFile.path) }
            errors += loaded.errors.count
            lines += loaded.errors
            lines += loaded.notes.map { "\(keymapFile.path): warning: \($0)" }
            if !loaded.exists { lines.append("\(keymapFile.path): no keymap file (the default keys apply)") }
        case .failure(let error):
            errors += 1
            lines.append(error.message)
        }

        for line in lines { print(TextSanitizer.clean(line)) }
        if errors > 0 {
            printError("\(errors) error\(errors == 1 ? "" : "s") found")
            throw ExitCode(2)
        }
        if !checked.isEmpty { print("ok: " + checked.joined(separator: ", ")) }
    }
}
