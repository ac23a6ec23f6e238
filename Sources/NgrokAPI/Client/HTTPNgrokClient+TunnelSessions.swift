import Essentials

/// Live agent sessions: `/tunnel_sessions`, paged and filtered like every list, and `stop`.
extension HTTPNgrokClient {
    static let tunnelSessionsPath = "/tunnel_sessions"
    static let tunnelSessionsListKey = "tunnel_sessions"

    public func listTunnelSessions(filter: TunnelSessionFilter, priority: RequestPriority) -> AsyncThrowingStream<[TunnelSession], any Error> {
        stream { client, yield in
            let (path, listKey) = (Self.tunnelSessionsPath, Self.tunnelSessionsListKey)
            if case .credentials(let ids) = filter, ids.isEmpty { return }
            // A session the filter did not ask for must never become a target (`stop-sessions BOT`).
            try await client.filteredPages(path: path, listKey: listKey, cel: filter.cel, matches: filter.matches, priority: priority, yield: yield)
        }
    }

    public func getTunnelSession(id: String) async throws -> TunnelSession {
        try await decode(send(.GET, url("\(Self.tunnelSessionsPath)/\(escaped(id))")))
    }

    public func stopTunnelSession(id: String, gate: SendGate?) async throws {
        // The SDK sends no fields; an empty object is the same request to any server. 200 `{}` and 204 both mean done.
        _ = try await send(.POST, url("\(Self.tunnelSessionsPath)/\(escaped(id))/stop"), body: Data("{}".utf8), gate: gate)
    }
}

extension NgrokClient {
    /// Every live session the filter selects, in one array (each once).
    public func allTunnelSessions(filter: TunnelSessionFilter = .all, priority: RequestPriority = .interactive) async throws -> [TunnelSession] {
        try await listTunnelSessions(filter: filter, priority: priority).reduce(into: []) { $0 += $1 }.mergedByID()
    }
}
