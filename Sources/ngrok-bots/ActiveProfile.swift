import ArgumentParser
import Essentials
import NgrokAPI

/// The profile of `config.yml` this run uses (chosen by `--profile`, `NGROK_BOTS_PROFILE` or
/// `default_profile`) and the settings it gives: what the command line does not say, these say;
/// what neither says is today's built-in behaviour. Without a config file, nothing.
struct ActiveProfile {
    var name: String?
    /// The profile's settings over the file's top-level defaults.
    var settings = ProfileSettings()
    /// Which part of which file gives the key, for messages: `profile "prod" in PATH`, or `PATH`.
    var keyPlace = ""

    static let none = ActiveProfile()

    var isProduction: Bool { settings.production ?? false }

    static let environmentVariable = "NGROK_BOTS_PROFILE"

    /// Reads the config file. A file with errors, or a profile it does not have, is printed (every
    /// issue, with its line) and exits 2; warnings are printed and the run goes on.
    static func load(requested option: String?, environment: [String: String]) throws -> ActiveProfile {
        let directories = UserDirectories(environment: environment)
        let path = ConfigFile.defaultPath(directories)
        let fromEnvironment = environment[environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
        let requested = option ?? fromEnvironment
        let requestedBy = option != nil ? "--profile" : environmentVariable
        guard FileManager.default.fileExists(atPath: path) else {
            if let requested {
                printError("error: \(requestedBy) names \"\(requested)\", but there is no config file at \(path)")
                throw ExitCode(2)
            }
            return .none
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            printError("error: cannot read the config file \(path)")
            throw ExitCode(2)
        }
        let (file, issues) = ConfigFile.parse(text, path: path, home: directories.home)
        for issue in issues { printError(issue.severity == .error ? "error: \(issue)" : "\(issue)") }
        if issues.contains(where: { $0.severity == .error }) {
            printError("error: the config file has errors; fix them (ngrok-bots config check lists them all)")
            throw ExitCode(2)
        }
        let selection: ConfigFile.Selection
        do {
            selection = try file.select(requested, requestedBy: requestedBy)
        } catch {
            printError("error: \(error)")
            throw ExitCode(2)
        }
        let keyInProfile = selection.name.flatMap { file.profile(named: $0)?.key } != nil
        let place = keyInProfile ? "profile \"\(selection.name ?? "")\" in \(path)" : path
        return ActiveProfile(name: selection.name, settings: selection.settings, keyPlace: place)
    }

    /// Where config.yml's key comes from, for `APIKeySource`.
    var configuredKey: APIKeySource.Configured? {
        settings.key.map { APIKeySource.Configured(source: $0, place: keyPlace) }
    }
}
