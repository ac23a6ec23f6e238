import Essentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the API key: `NGROK_API_KEY`, else `--api-key-file`, else the ngrok agent's own `ngrok.yml`;
/// but when `config.yml` says where the key comes from (`configured`), that, unless `--api-key-file`
/// is given. The key itself is never printed; only where it came from.
public struct APIKeySource: Sendable {
    public struct Found: Sendable {
        public var key: String
        /// Where the key came from, safe to show ("NGROK_API_KEY", a path).
        public var origin: String
        public var warnings: [String]
        /// Where the key came from, as a person reads it ("the environment variable NGROK_API_KEY",
        /// "--api-key-file PATH", "the ngrok agent config PATH"): what a refused key's message names.
        public var source: String = ""
    }

    public var environment: [String: String]
    public var apiKeyFile: String?
    public var homeDirectory: String
    public var configured: Configured?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, apiKeyFile: String? = nil,
                homeDirectory: String? = nil, configured: Configured? = nil) {
        self.environment = environment
        self.apiKeyFile = apiKeyFile
        self.configured = configured
        self.homeDirectory = homeDirectory ?? UserDirectories(environment: environment).home
    }

    public static let missingKeyMessage = """
        No ngrok API key found. Create one in the ngrok dashboard (API Keys; it must belong to an admin) \
        and either export it as NGROK_API_KEY, put it alone in a file readable only by you and pass \
        --api-key-file PATH, or add it to the ngrok agent's config as `api_key` under `agent:` in \
        ~/.config/ngrok/ngrok.yml. To try the program without an account, run it with --demo.
        """

    public func resolve() throws(NgrokError) -> Found {
        if let configured {
            // The command line wins over the config file; the config file over the environment.
            if let path = apiKeyFile { return try readKeyFile(path) }
            return try resolve(configured)
        }
        if let value = environment["NGROK_API_KEY"], !value.trimmed.isEmpty {
            return Found(key: try APIKeyText.checked(value, origin: "NGROK_API_KEY"), origin: "NGROK_API_KEY", warnings: [],
                         source: "the environment variable NGROK_API_KEY")
        }
        if let path = apiKeyFile {
            return try readKeyFile(path)
        }
        for path in agentConfigPaths() where FileManager.default.fileExists(atPath: path) {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw .missingAPIKey("cannot read the ngrok agent config \(path)")
            }
            if let key = try Self.apiKey(inAgentConfig: text, path: path) {
                return Found(key: try APIKeyText.checked(key, origin: path), origin: path, warnings: [],
                             source: "the ngrok agent config \(path)")
            }
        }
        throw .missingAPIKey(Self.missingKeyMessage)
    }

    /// The most a key file is read: a key is short, and a pipe or device must not be read forever.
    static let maxKeyFileBytes = 64 << 10

    func readKeyFile(_ path: String) throws(NgrokError) -> Found {
        // Read as a stream, not by size, so a pipe (`--api-key-file <(pass show ngrok)`) works too.
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .missingAPIKey("cannot read the API key file \(path)") }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count <= Self.maxKeyFileBytes {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw .missingAPIKey("cannot read the API key file \(path)") }
            if count == 0 { break }
            bytes += chunk[..<count]
        }
        guard bytes.count <= Self.maxKeyFileBytes else {
            throw .invalidAPIKey("the API key file \(path) is larger than \(Self.maxKeyFileBytes / 1024) KiB; it should hold only the key")
        }
        // A byte order mark (Windows editors write one) is dropped, as Foundation's String(data:) did.
        let utf8BOM: [UInt8] = [0xEF, 0xBB, 0xBF]
        guard let text = String(validating: bytes.starts(with: utf8BOM) ? bytes.dropFirst(3) : bytes[...], as: UTF8.self) else {
            throw .invalidAPIKey("the API key file \(path) is not UTF-8 text")
        }
        let key = try APIKeyText.key(inFile: text, origin: path)
        var warnings: [String] = []
        // Only a regular file has permissions worth warning about; a pipe is gone once read.
        var status = stat()
        let isRegular = fstat(fd, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
        let mode = Int(status.st_mode & 0o777)
        if isRegular, mode & 0o077 != 0 {
            warnings.append("warning: \(path) is readable by others (mode \(String(mode, radix: 8))); chmod 600 it")
        }
        return Found(key: key, origin: path, warnings: warnings, source: "--api-key-file \(path)")
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
        do {
            return try AgentConfigReader.apiKey(in: yaml)
        } catch {
            throw .invalidAPIKey("cannot read the ngrok agent config \(path):\(error.line): it is not valid YAML "
                                 + "(\(error.message)); fix it, or give the key with NGROK_API_KEY or --api-key-file")
        }
    }
}
