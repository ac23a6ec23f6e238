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
        if let key = environment["NGROK_API_KEY"]?.trimmed, !key.isEmpty {
            return Found(key: key, origin: "NGROK_API_KEY", warnings: [])
        }
        if let path = apiKeyFile {
            return try readKeyFile(path)
        }
        for path in agentConfigPaths() where FileManager.default.fileExists(atPath: path) {
            if let key = Self.apiKey(inAgentConfig: (try? String(contentsOfFile: path, encoding: .utf8)) ?? "") {
                return Found(key: key, origin: path, warnings: [])
            }
        }
        throw .missingAPIKey(Self.missingKeyMessage)
    }

    func readKeyFile(_ path: String) throws(NgrokError) -> Found {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw .missingAPIKey("cannot read the API key file \(path)")
        }
        let key = text.trimmed
        guard !key.isEmpty else { throw .missingAPIKey("the API key file \(path) is empty") }
        var warnings: [String] = []
        if let attributes = try? FileManager.default.attributesOfItem(atPath: path),
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

    /// `agent.api_key` in a version 3 config, top-level `api_key` in version 2.
    public static func apiKey(inAgentConfig yaml: String) -> String? {
        guard let root = (try? Yams.load(yaml: yaml)) as? [String: Any] else { return nil }
        if let agent = root["agent"] as? [String: Any], let key = (agent["api_key"] as? String)?.trimmed, !key.isEmpty {
            return key
        }
        if let key = (root["api_key"] as? String)?.trimmed, !key.isEmpty { return key }
        return nil
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
