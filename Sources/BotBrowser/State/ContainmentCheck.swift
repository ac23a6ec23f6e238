import NgrokAPI

/// What the server said a few seconds after a bot was deactivated or deleted and its live sessions
/// were stopped: whether it is really off, and whether any agent is back on its credentials.
public struct ContainmentCheck: Sendable, Equatable {
    /// nil when the bot is gone (deleted).
    public var botActive: Bool?
    /// Live sessions on the bot's authtokens and SSH keys now.
    public var sessions: [TunnelSession]
    /// Live endpoints running as the bot now; nil when the server would not say (no `/endpoints`).
    public var endpoints: [Endpoint]?

    public init(botActive: Bool?, sessions: [TunnelSession], endpoints: [Endpoint]? = []) {
        self.botActive = botActive
        self.sessions = sessions
        self.endpoints = endpoints
    }

    /// Endpoints the server would not list do not make it "not contained": the sessions that
    /// serve them are what was asked, and they are gone.
    public var isContained: Bool { botActive != true && sessions.isEmpty && (endpoints ?? []).isEmpty }

    /// "0 endpoints", or why the count is not known.
    var endpointsText: String {
        guard let endpoints else { return "endpoints not checked (the server did not list them)" }
        return "\(endpoints.count) endpoint\(endpoints.count == 1 ? "" : "s")"
    }
}
