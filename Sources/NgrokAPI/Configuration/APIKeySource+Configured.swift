import Essentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A key from `config.yml`: a named environment variable, a file, or a command's output, each
/// checked like any key. Messages name the setting and the profile, never the key or the command.
extension APIKeySource {
    public struct Configured: Sendable, Equatable {
        public var source: ProfileSettings.KeySource
        /// Which part of which file said it: `profile "prod" in PATH`, or `PATH` for the top level.
        public var place: String

        public init(source: ProfileSettings.KeySource, place: String) {
            self.source = source
            self.place = place
        }
    }

    func resolve(_ configured: Configured) throws(NgrokError) -> Found {
        let setting = "\(configured.source.settingName) of \(configured.place)"
        switch configured.source {
        case .environment(let name):
            guard let value = environment[name], !value.trimmed.isEmpty else {
                throw .missingAPIKey("the environment variable \(name) is not set or empty (\(setting))")
            }
            return Found(key: try APIKeyText.checked(value, origin: name), origin: name, warnings: [],
                         source: "the environment variable \(name) (\(setting))")
        case .file(let path):
            var found = try readKeyFile(path)
            found.source = "the file \(path) (\(setting))"
            return found
        case .command(let command):
            let text = try Self.output(of: command, setting: setting)
            guard !text.contains(where: \.isNewline) else {
                throw .invalidAPIKey("\(setting) printed more than one line; it must print only the key")
            }
            return Found(key: try APIKeyText.checked(text, origin: setting), origin: setting, warnings: [], source: setting)
        }
    }

    /// The command's output, trimmed. A command that fails is a configuration error: its own
    /// message has already gone to stderr.
    static func output(of command: String, setting: String) throws(NgrokError) -> String {
        switch KeyCommand.run(command) {
        case .success(let bytes):
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw .invalidAPIKey("\(setting) printed something that is not UTF-8 text")
            }
            return text.trimmed
        case .failure(.notStarted(let code)):
            throw .missingAPIKey("cannot run \(setting) with /bin/sh: \(String(cString: strerror(code)))")
        case .failure(.exited(let status)):
            throw .missingAPIKey("\(setting) exited with status \(status); no key was read")
        case .failure(.signalled(let signal)):
            throw .missingAPIKey("\(setting) was killed by signal \(signal); no key was read")
        case .failure(.tooMuchOutput(let limit)):
            throw .invalidAPIKey("\(setting) printed more than \(limit / 1024) KiB; it must print only the key")
        }
    }
}
