import NgrokAPI

/// What the server said a few seconds after a bot was deactivated or deleted and its live sessions
/// were stopped: whether it is really off, and whether any agent is back on its credentials.
public struct ContainmentCheck: Sendable, Equatable {
    /// nil when the bot is gone (deleted).
    public var botActive: Bool?
    /// Live sessions on the bot's authtokens and SSH keys now.
    public var sessions: [TunnelSession]

    public init(botActive: Bool?, sessions: [TunnelSession]) {
        self.botActive = botActive
        self.sessions = sessions
    }

    public var isContained: Bool { botActive != true && sessions.isEmpty }
}
