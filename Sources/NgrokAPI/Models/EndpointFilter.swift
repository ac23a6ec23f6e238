/// Which live endpoints to ask for (`/endpoints` takes `filter=` like every list). As with
/// sessions, every answer is checked here too: a server that drops the filter must not make the
/// whole account's endpoints look like one bot's.
public enum EndpointFilter: Sendable, Equatable {
    case all
    /// Those running as this user or bot (`principal.id`; a bot is asked for in both spellings).
    case principal(String)
    /// Those served by any of these live sessions.
    case tunnelSessions([String])

    /// The `filter=` expression, nil for `.all`.
    public var cel: String? {
        switch self {
        case .all: nil
        case .principal(let id): CredentialFilter.naming("obj.principal.id", id)
        case .tunnelSessions(let ids) where ids.count == 1:
            "obj.tunnel_session.id == \(CredentialFilter.quoted(ids[0]))"
        case .tunnelSessions(let ids):
            "obj.tunnel_session.id in [\(ids.map(CredentialFilter.quoted).joined(separator: ", "))]"
        }
    }

    public func matches(_ endpoint: Endpoint) -> Bool {
        switch self {
        case .all: true
        case .principal(let id): BotID.same(endpoint.principalID, id)
        case .tunnelSessions(let ids): endpoint.tunnelSessionID.map(ids.contains) ?? false
        }
    }
}
