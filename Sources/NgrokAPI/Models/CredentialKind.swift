import Essentials

/// The three kinds of credential a bot can own; each has its own collection in the API.
public enum CredentialKind: String, Codable, Sendable, CaseIterable, Hashable {
    case apiKey = "api_key"
    case authtoken = "authtoken"
    case sshCredential = "ssh_credential"

    /// The collection's path under the API's base URL.
    public var path: String {
        switch self {
        case .apiKey: "/api_keys"
        case .authtoken: "/credentials"
        case .sshCredential: "/ssh_credentials"
        }
    }

    /// The prefix the API gives ids of this kind (`ObjectID` guesses from it; the server's answer decides).
    public var idPrefix: String {
        switch self {
        case .apiKey: "ak_"
        case .authtoken: "cr_"
        case .sshCredential: "sshcr_"
        }
    }

    /// The key under which a list response holds its items.
    public var listKey: String {
        switch self {
        case .apiKey: "keys"
        case .authtoken: "credentials"
        case .sshCredential: "ssh_credentials"
        }
    }

    /// The kind in the audit log's action names: `create-api-key`, `delete-ssh-credential`.
    public var auditName: String { rawValue.replacingEvery("_", with: "-") }

    public var singular: String {
        switch self {
        case .apiKey: "API key"
        case .authtoken: "authtoken"
        case .sshCredential: "SSH key"
        }
    }

    public var plural: String {
        switch self {
        case .apiKey: "API keys"
        case .authtoken: "authtokens"
        case .sshCredential: "SSH keys"
        }
    }

    /// "1 API key", "3 SSH keys".
    public func counted(_ n: Int) -> String {
        "\(n) \(n == 1 ? singular : plural)"
    }
}
