import Foundation
import Yams

/// Finds the API key: `NGROK_API_KEY`, else `--api-key-file`, else the ngrok agent's own `ngrok.yml`.
/// The key itself is never printed; only where it came from.
public struct APIKeySource: Sendable {
    public struct Found: Sendable {
        public var key: String
        /// Where the key came from, safe to show ("NGROK_API_KEY", a path).
        public var origin: String
        public var warnings: [String]
    }

    public var environment: [String: String]
    public var apiKeyFile: String?
    public var homeDirectory: String

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, apiKeyFile: String? = nil,
                homeDirectory: String? = nil) {
        self.environment = environment
        self.apiKeyFile = apiKeyFile
        self.homeDirectory = homeDirectory ?? UserDirectories(environment: environment).home
    }

    public static let missingKeyMessage = """
        No ngrok API key found. Create one in the ngrok dashboard (API Keys; it must belong to an admin) \
        and either export it as NGROK_API_KEY, put it alone in a file readable only by you and pass \
        --api-key-file PATH, or add it to the ngrok agent's config as `api_key` under `agent:` in \
        ~/.config/ngrok/ngrok.yml. To try the program without an account, run it with --demo.
        """

    public func resolve() throws(NgrokError) -> Found {
        if let value = environment["NGROK_API_KEY"], !value.trimmed.isEmpty {
            return Found(key: try APIKeyText.checked(value, origin: "NGROK_API_KEY"), origin: "NGROK_API_KEY", warnings: [])
        }
        if let path = apiKeyFile {
            return try readKeyFile(path)
        }
        for path in agentConfigPaths() where FileManager.default.fileExists(atPath: path) {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw .missingAPIKey("cannot read the ngrok agent config \(path)")
            }
            if let key = try Self.apiKey(inAgentConfig: text, path: path) {
                return Found(key: try APIKeyText.checked(key, origin: path), origin: path, warnings: [])
            }
        }
        throw .missingAPIKey(Self.missingKeyMessage)
    }

    /// The most a key file is read: a key is short, and a pipe or device must not be read forever.
    static let maxKeyFileBytes = 64 << 10

    func readKeyFile(_ path: String) throws(NgrokError) -> Found {
        // Read as a stream, not by size, so a pipe (`--api-key-file <(pass show ngrok)`) works too.
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .missingAPIKey("cannot read the API key file \(path)")
        }
        defer { try? handle.close() }
        var data = Data()
        do {
            while data.count <= Self.maxKeyFileBytes, let chunk = try handle.read(upToCount: 4096), !chunk.isEmpty {
                data.append(chunk)
            }
        } catch {
            throw .missingAPIKey("cannot read the API key file \(path)")
        }
        guard data.count <= Self.maxKeyFileBytes else {
            throw .invalidAPIKey("the API key file \(path) is larger than \(Self.maxKeyFileBytes / 1024) KiB; it should hold only the key")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .invalidAPIKey("the API key file \(path) is not UTF-8 text")
        }
        let key = try APIKeyText.key(inFile: text, origin: path)
        var warnings: [String] = []
        // Only a regular file has permissions worth warning about; a pipe is gone once read.
        if let attributes = try? FileManager.default.attributesOfItem(atPath: path),
           attributes[.type] as? FileAttributeType == .typeRegular,
           let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0 {
            warnings.append("warning: \(path) is readable by others (mode \(String(mode & 0o777, radix: 8))); chmod 600 it")
        }
        return Found(key: key, origin: path, warnings: warnings)
    }

    /// The agent's config locations, most specific first.
    public func agentConfigPaths() -> [String] {
        var paths: [String] = []
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty {
            paths.append("\(xdg)/ngrok/ngrok.yml")
        }
        // Also the default location when XDG_CONFIG_HOME points elsewhere: that is where ngrok itself writes.
        paths.append("\(homeDirectory)/.config/ngrok/ngrok.yml")
        paths.append("\(homeDirectory)/Library/Application Support/ngrok/ngrok.yml")
        paths.append("\(homeDirectory)/.ngrok2/ngrok.yml")
        return paths
    }

    /// `agent.api_key` in a version 3 config, top-level `api_key` in version 2. A file that is not
    /// YAML is an error naming the file and line (never quoting it: the key may be on that line).
    public static func apiKey(inAgentConfig yaml: String, path: String = "ngrok.yml") throws(NgrokError) -> String? {
        let loaded: Any?
        do {
            loaded = try Yams.load(yaml: yaml)
        } catch {
            throw .invalidAPIKey("cannot read the ngrok agent config \(path)\(yamlLine(error).map { ":\($0)" } ?? ""): "
                                 + "it is not valid YAML; fix it, or give the key with NGROK_API_KEY or --api-key-file")
        }
        guard let root = loaded as? [String: Any] else { return nil }
        if let agent = root["agent"] as? [String: Any], let key = (agent["api_key"] as? String)?.trimmed, !key.isEmpty {
            return key
        }
        if let key = (root["api_key"] as? String)?.trimmed, !key.isEmpty { return key }
        return nil
    }
}

/// The line a YAML error points at, if it says.
private func yamlLine(_ error: any Error) -> Int? {
    guard let error = error as? YamlError else { return nil }
    switch error {
    case let .scanner(context, _, mark, _), let .parser(context, _, mark, _), let .composer(context, _, mark, _):
        return context?.mark.line ?? mark.line
    case let .duplicatedKeysInMapping(_, context):
        return context.mark.line
    default:
        return nil
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
