/// What a profile of `config.yml` may set (and what the file's top level sets for every profile).
/// Each setting is optional: nil means "not said here", so a later layer can fill it in.
public struct ProfileSettings: Sendable, Equatable {
    /// Where the API key comes from. One setting, not three: a profile that names a variable
    /// replaces a default that names a command.
    public enum KeySource: Sendable, Equatable {
        /// `api_key_env`: the name of an environment variable.
        case environment(String)
        /// `api_key_file`: a path, `~` already expanded.
        case file(String)
        /// `api_key_command`: run with `/bin/sh -c`; its standard output is the key.
        case command(String)

        /// The config key that says it.
        public var settingName: String {
            switch self {
            case .environment: "api_key_env"
            case .file: "api_key_file"
            case .command: "api_key_command"
            }
        }
    }

    public var key: KeySource?
    public var apiURL: String?
    public var readOnly: Bool?
    /// A path, `~` already expanded.
    public var auditLog: String?
    public var rateLimit: RateLimitSpec?
    /// The title gets a colour (and a word) of its own: the account whose changes hurt most.
    public var production: Bool?
    /// The line each setting was written on (by config key), for messages that point at it.
    public var lines: [String: Int] = [:]

    public init(key: KeySource? = nil, apiURL: String? = nil, readOnly: Bool? = nil, auditLog: String? = nil,
                rateLimit: RateLimitSpec? = nil, production: Bool? = nil) {
        self.key = key
        self.apiURL = apiURL
        self.readOnly = readOnly
        self.auditLog = auditLog
        self.rateLimit = rateLimit
        self.production = production
    }

    /// The config keys a profile (or the top level) may hold, in the order the README lists them.
    public static let keys = ["api_key_env", "api_key_file", "api_key_command", "api_url", "read_only", "audit_log",
                              "rate_limit", "production"]

    /// These settings with every one `other` gives replacing this one's.
    public func overridden(by other: ProfileSettings) -> ProfileSettings {
        var merged = self
        if let key = other.key {
            merged.key = key
            for name in ["api_key_env", "api_key_file", "api_key_command"] { merged.lines[name] = nil }
        }
        merged.apiURL = other.apiURL ?? apiURL
        merged.readOnly = other.readOnly ?? readOnly
        merged.auditLog = other.auditLog ?? auditLog
        merged.rateLimit = other.rateLimit ?? rateLimit
        merged.production = other.production ?? production
        merged.lines.merge(other.lines) { _, new in new }
        return merged
    }
}
