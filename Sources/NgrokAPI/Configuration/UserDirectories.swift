import Essentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The XDG base directories, from the environment first (`$HOME` included: Foundation's own
/// home lookup on Linux reads the password database and ignores it).
public struct UserDirectories: Sendable {
    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    public var home: String {
        value("HOME") ?? getpwuid(getuid()).flatMap { $0.pointee.pw_dir.map { String(cString: $0) } } ?? "/"
    }
    public var configHome: String { value("XDG_CONFIG_HOME") ?? home + "/.config" }
    public var stateHome: String { value("XDG_STATE_HOME") ?? home + "/.local/state" }
    public var cacheHome: String { value("XDG_CACHE_HOME") ?? home + "/.cache" }

    private func value(_ name: String) -> String? {
        environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }
}
