import Essentials

/// `$XDG_CONFIG_HOME/ngrok-bots/config.yml`: defaults at the top level, named `profiles:` that
/// override them, and `default_profile:`. Read with the same libyaml reader as `ngrok.yml`.
/// Parsing never stops at the first mistake: every issue is collected with its line, for
/// `ngrok-bots config check`; a file with errors is not used.
public struct ConfigFile: Sendable, Equatable {
    public var path: String
    public var defaults = ProfileSettings()
    /// In file order.
    public var profiles: [(name: String, settings: ProfileSettings)] = []
    public var defaultProfile: String?
    public var defaultProfileLine: Int?

    public init(path: String) {
        self.path = path
    }

    public static func == (lhs: ConfigFile, rhs: ConfigFile) -> Bool {
        lhs.path == rhs.path && lhs.defaults == rhs.defaults && lhs.defaultProfile == rhs.defaultProfile
            && lhs.profiles.map(\.name) == rhs.profiles.map(\.name) && lhs.profiles.map(\.settings) == rhs.profiles.map(\.settings)
    }

    public func profile(named name: String) -> ProfileSettings? {
        profiles.first { $0.name == name }?.settings
    }

    /// Where the file is looked for.
    public static func defaultPath(_ directories: UserDirectories = UserDirectories()) -> String {
        directories.configHome + "/ngrok-bots/config.yml"
    }

    /// The file's model and everything wrong with it. `home` expands a leading `~` in paths.
    public static func parse(_ text: String, path: String, home: String) -> (ConfigFile, [ConfigIssue]) {
        var file = ConfigFile(path: path)
        var reader = Reader(path: path, home: home)
        let root: LocatedYAMLNode
        do {
            root = try YAMLNode.located(text)
        } catch {
            return (file, [ConfigIssue(path: path, line: error.line, "not valid YAML (\(error.message))")])
        }
        if root.scalar == "" { return (file, []) }
        guard let pairs = root.pairs else {
            return (file, [ConfigIssue(path: path, line: root.line, "the file must be a mapping of settings (key: value lines)")])
        }
        var defaultsPairs: [LocatedYAMLNode.Pair] = []
        for pair in pairs {
            switch pair.key {
            case "profiles":
                file.profiles = reader.profiles(pair.value)
            case "default_profile":
                file.defaultProfile = reader.text(pair, allowEmpty: false)
                file.defaultProfileLine = pair.keyLine
            default:
                defaultsPairs.append(pair)
            }
        }
        file.defaults = reader.settings(defaultsPairs, extraKeys: ["profiles", "default_profile"])
        if let name = file.defaultProfile, file.profile(named: name) == nil {
            reader.issue(file.defaultProfileLine, "default_profile names \(Self.quoted(name)), which is not a profile; \(file.knownProfiles)")
        }
        return (file, reader.issues.sorted { ($0.line ?? 0) < ($1.line ?? 0) })
    }

    /// "known profiles: a, b", or that there are none.
    public var knownProfiles: String {
        profiles.isEmpty ? "\(path) has no profiles" : "known profiles: " + profiles.map(\.name).joined(separator: ", ")
    }

    static func quoted(_ text: String) -> String { "\"\(text)\"" }

    /// Reads pairs into settings, noting every issue.
    struct Reader {
        let path: String
        let home: String
        var issues: [ConfigIssue] = []

        mutating func issue(_ line: Int?, _ message: String) {
            issues.append(ConfigIssue(path: path, line: line, message))
        }

        mutating func profiles(_ node: LocatedYAMLNode) -> [(name: String, settings: ProfileSettings)] {
            if node.scalar == "" { return [] }
            guard let pairs = node.pairs else {
                issue(node.line, "profiles must be a mapping of profile names to their settings")
                return []
            }
            var result: [(name: String, settings: ProfileSettings)] = []
            for pair in pairs {
                guard !pair.key.isEmpty else {
                    issue(pair.keyLine, "a profile needs a name")
                    continue
                }
                if pair.value.scalar == "" {
                    result.append((pair.key, ProfileSettings()))
                    continue
                }
                guard let settings = pair.value.pairs else {
                    issue(pair.keyLine, "profile \(ConfigFile.quoted(pair.key)) must be a mapping of settings")
                    continue
                }
                result.append((pair.key, self.settings(settings, profile: pair.key)))
            }
            return result
        }

        mutating func settings(_ pairs: [LocatedYAMLNode.Pair], profile: String? = nil, extraKeys: [String] = []) -> ProfileSettings {
            var settings = ProfileSettings()
            let place = profile.map { " in profile \(ConfigFile.quoted($0))" } ?? ""
            for pair in pairs {
                let name = pair.key
                switch name {
                case "api_key_env", "api_key_file", "api_key_command":
                    guard let value = text(pair, allowEmpty: false) else { continue }
                    if let earlier = settings.key {
                        issue(pair.keyLine, "\(name) and \(earlier.settingName)\(place): give the key one way only")
                        continue
                    }
                    settings.key = name == "api_key_env" ? .environment(value)
                        : name == "api_key_file" ? .file(expandingTilde(value)) : .command(value)
                case "api_url":
                    guard let value = text(pair, allowEmpty: false) else { continue }
                    guard let url = URL(string: value), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
                        issue(pair.value.line, "api_url must be an http or https URL")
                        continue
                    }
                    settings.apiURL = value
                case "read_only", "production":
                    guard let value = flag(pair) else { continue }
                    if name == "read_only" { settings.readOnly = value } else { settings.production = value }
                case "audit_log":
                    guard let value = text(pair, allowEmpty: false) else { continue }
                    settings.auditLog = expandingTilde(value)
                case "rate_limit":
                    guard let value = text(pair, allowEmpty: false) else { continue }
                    guard let spec = RateLimitSpec(value) else {
                        issue(pair.value.line, "rate_limit must be requests per window, like 120/60s, 600/5m or 5/1500ms")
                        continue
                    }
                    settings.rateLimit = spec
                default:
                    let known = (ProfileSettings.keys + extraKeys).joined(separator: ", ")
                    issue(pair.keyLine, "unknown key \(ConfigFile.quoted(String(name.prefix(40))))\(place) (known: \(known))")
                    continue
                }
                settings.lines[name] = pair.keyLine
            }
            return settings
        }

        /// A scalar's text; a list, a mapping or (unless allowed) nothing is an issue.
        mutating func text(_ pair: LocatedYAMLNode.Pair, allowEmpty: Bool) -> String? {
            guard let value = pair.value.scalar else {
                issue(pair.value.line, "\(pair.key) must be text, not a list or a mapping")
                return nil
            }
            let trimmed = value.trimmed
            if trimmed.isEmpty && !allowEmpty {
                issue(pair.keyLine, "\(pair.key) is empty")
                return nil
            }
            return trimmed
        }

        /// `true` or `false` (YAML's spellings of them); anything else is an issue.
        mutating func flag(_ pair: LocatedYAMLNode.Pair) -> Bool? {
            switch pair.value.scalar {
            case "true", "True", "TRUE": return true
            case "false", "False", "FALSE": return false
            default:
                issue(pair.value.line, "\(pair.key) must be true or false")
                return nil
            }
        }

        /// `~` and `~/…` are the home directory; `~user` is left alone.
        func expandingTilde(_ path: String) -> String {
            if path == "~" { return home }
            if path.hasPrefix("~/") { return home + path.dropFirst() }
            return path
        }
    }
}
