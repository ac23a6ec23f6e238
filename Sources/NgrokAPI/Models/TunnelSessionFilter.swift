/// Which live sessions to ask for. Like `CredentialFilter`: a CEL expression for the server, and
/// the same meaning here for a server that refuses it (400), so the answer is the same either way.
public enum TunnelSessionFilter: Sendable, Equatable {
    case all
    /// Sessions started with any of these credentials (a bot's authtokens and SSH keys).
    case credentials([String])
    /// Sessions whose agent connects from this address.
    case ip(String)

    /// The `filter=` expression, nil for `.all`.
    public var cel: String? {
        switch self {
        case .all: nil
        case .credentials(let ids) where ids.count == 1: "obj.credential.id == \(CredentialFilter.quoted(ids[0]))"
        case .credentials(let ids): "obj.credential.id in [\(ids.map(CredentialFilter.quoted).joined(separator: ", "))]"
        case .ip(let address): "obj.ip == \(CredentialFilter.quoted(address))"
        }
    }

    public func matches(_ session: TunnelSession) -> Bool {
        switch self {
        case .all: true
        case .credentials(let ids): ids.contains(session.credentialID)
        case .ip(let address): session.ip == address
        }
    }
}
