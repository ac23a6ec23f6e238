import Essentials
import NgrokAPI

/// `/endpoints`: the live endpoints of the account's agents, one or two per live session, each
/// naming its session and its principal (the credential's owner, spelled as credentials spell
/// owners). Derived from the sessions, so stopping a session takes its endpoints with it, as an
/// agent that exits closes its endpoints.
extension Simulator {
    static let endpointFilterFields: Set<String> = ["id", "url", "type", "principal.id", "tunnel_session.id"]

    func routeEndpoints(_ request: SimulatorRequest, parts: [String]) -> SimulatorResponse {
        switch (request.method, parts.count) {
        case ("GET", 1):
            return list(request, items: allEndpoints(), listKey: "endpoints", path: "/endpoints",
                        filterFields: Self.endpointFilterFields) { endpoint, field in
                switch field {
                case "id": .string(endpoint.id)
                case "url": .string(endpoint.url)
                case "type": .string(endpoint.type)
                case "principal.id": .string(endpoint.principalID ?? "")
                default: .string(endpoint.tunnelSessionID ?? "")
                }
            }
        case ("GET", 2):
            guard let endpoint = allEndpoints().first(where: { $0.id == parts[1] }) else { return notFound(request.path) }
            return json(200, endpoint)
        case (_, 1...2):
            return methodNotAllowed(request)
        default:
            return notFound(request.path)
        }
    }

    /// Every live endpoint now, newest session first.
    public func allEndpoints() -> [Endpoint] {
        let owners = Dictionary(allCredentials().map { ($0.id, $0.ownerID) }, uniquingKeysWith: { first, _ in first })
        return tunnelSessions.flatMap { session in
            let owner = owners[session.credentialID] ?? nil
            return Self.endpoints(of: session, principal: owner.map { BotID.respell($0, for: options.ownerSpelling) })
        }
    }

    /// One or two endpoints, always the same for the same session.
    static func endpoints(of session: TunnelSession, principal: String?) -> [Endpoint] {
        let ksuid = String(session.id.drop { $0 != "_" }.dropFirst())
        let host = ksuid.prefix(12).lowercased()
        let count = 1 + Int(ksuid.unicodeScalars.last.map { $0.value % 2 } ?? 0)
        return (0..<count).map { index in
            Endpoint(id: "ep_\(ksuid.dropLast())\(index)", url: index == 0 ? "https://\(host).ngrok.app" : "tcp://\(host).tcp.ngrok.io:\(20000 + index)",
                     principalID: principal, tunnelSessionID: session.id, createdAt: session.startedAt)
        }
    }
}
