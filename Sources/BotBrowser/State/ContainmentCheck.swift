import Essentials
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

    /// What the check found, in the words the status line and the runbook commands both use:
    /// "Contained: … (checked 14:03:12 UTC)" or "NOT contained (checked …): …". Server text cleaned.
    public func report(botName: String, checkedAt: Date) -> String {
        let at = APIJSON.formatTimestamp(checkedAt).split(separator: "T").last.map { String($0.prefix(8)) } ?? ""
        let name = TextSanitizer.clean(botName)
        if isContained {
            let now = botActive == nil ? "deleted" : "inactive"
            return "Contained: \(name) is \(now), 0 live sessions on its credentials, \(endpointsText) (checked \(at) UTC)"
        }
        var problems: [String] = []
        if botActive == true { problems.append("\(name) is active") }
        if let first = sessions.first {
            problems.append("\(sessions.count) live session\(sessions.count == 1 ? "" : "s") on its credentials "
                            + "(\(first.id) from \(TextSanitizer.clean(first.ip)))")
        }
        if let endpoints, let first = endpoints.first {
            problems.append("\(endpoints.count) live endpoint\(endpoints.count == 1 ? "" : "s") as the bot (\(TextSanitizer.clean(first.url)))")
        }
        return "NOT contained (checked \(at) UTC): " + problems.joined(separator: "; ")
    }
}
