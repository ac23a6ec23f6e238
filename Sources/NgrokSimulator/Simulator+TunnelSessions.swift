import Essentials
import NgrokAPI

/// `/tunnel_sessions`: list (paged, filtered), get, and `stop`, which ends the session. The API does
/// not say whether deactivating a bot or deleting its authtoken ends sessions already running; the
/// simulator takes the cautious answer: they keep running until stopped.
extension Simulator {
    static let tunnelSessionFilterFields: Set<String> = [
        "id", "ip", "region", "os", "agent_version", "transport", "metadata", "started_at", "credential.id",
    ]

    func routeTunnelSessions(_ request: SimulatorRequest, parts: [String]) -> SimulatorResponse {
        switch (request.method, parts.count) {
        case ("GET", 1):
            return list(request, items: tunnelSessions, listKey: "tunnel_sessions", path: "/tunnel_sessions",
                        filterFields: Self.tunnelSessionFilterFields) { session, field in
                switch field {
                case "id": .string(session.id)
                case "ip": .string(session.ip)
                case "region": .string(session.region)
                case "os": .string(session.os)
                case "agent_version": .string(session.agentVersion)
                case "transport": .string(session.transport)
                case "metadata": .string(session.metadata)
                case "started_at": .time(session.startedAt)
                default: .string(session.credentialID)
                }
            }
        case ("GET", 2):
            guard let session = tunnelSessions.first(where: { $0.id == parts[1] }) else { return notFound(request.path) }
            return json(200, session)
        case ("POST", 3) where parts[2] == "stop":
            guard let index = tunnelSessions.firstIndex(where: { $0.id == parts[1] }) else { return notFound(request.path) }
            tunnelSessions.remove(at: index)
            // The official SDK reads a JSON body from every POST: an empty object, not 204.
            return SimulatorResponse(status: 200, headers: ["Content-Type": "application/json"], body: Data("{}".utf8))
        case ("POST", 3) where parts[2] == "restart" || parts[2] == "update":
            guard tunnelSessions.contains(where: { $0.id == parts[1] }) else { return notFound(request.path) }
            return SimulatorResponse(status: 200, headers: ["Content-Type": "application/json"], body: Data("{}".utf8))
        case (_, 1...3):
            return methodNotAllowed(request)
        default:
            return notFound(request.path)
        }
    }

    // MARK: Inspection and control, for tests

    public func allTunnelSessions() -> [TunnelSession] { tunnelSessions }

    /// Sessions started with any of these credentials.
    public func tunnelSessions(usingAnyOf credentialIDs: Set<String>) -> [TunnelSession] {
        tunnelSessions.filter { credentialIDs.contains($0.credentialID) }
    }
}
