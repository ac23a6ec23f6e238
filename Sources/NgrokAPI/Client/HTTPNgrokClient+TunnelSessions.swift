#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Live agent sessions: `/tunnel_sessions`, paged and filtered like every list, and `stop`.
extension HTTPNgrokClient {
    static let tunnelSessionsPath = "/tunnel_sessions"
    static let tunnelSessionsListKey = "tunnel_sessions"

    public func listTunnelSessions(filter: TunnelSessionFilter, priority: RequestPriority) -> AsyncThrowingStream<[TunnelSession], any Error> {
        stream { client, yield in
            let (path, listKey) = (Self.tunnelSessionsPath, Self.tunnelSessionsListKey)
            if case .credentials(let ids) = filter, ids.isEmpty { return }
            guard let cel = filter.cel else {
                try await client.pages(path: path, listKey: listKey, filter: nil, kind: nil, priority: priority, yield: yield)
                return
            }
            var yieldedAny = false
            do {
                try await client.pages(path: path, listKey: listKey, filter: cel, kind: nil, priority: priority) { (page: [TunnelSession]) in
                    yieldedAny = true
                    // Checked here too: a server or proxy that drops `filter=` must not make every
                    // session of the account a target (`stop-sessions BOT`).
                    yield(page.filter(filter.matches))
                }
            } catch let error as NgrokError where error.status == 400 && !yieldedAny && FilterRefusal.listsEverything {
                // This server does not take the filter: list every session and keep what it would have.
                try await client.pages(path: path, listKey: listKey, filter: nil, kind: nil, priority: priority) { (page: [TunnelSession]) in
                    yield(page.filter(filter.matches))
                }
            }
        }
    }

    public func getTunnelSession(id: String) async throws -> TunnelSession {
        try await decode(send(.GET, url("\(Self.tunnelSessionsPath)/\(escaped(id))")))
    }

    public func stopTunnelSession(id: String) async throws {
        // The SDK sends no fields; an empty object is the same request to any server. 200 `{}` and 204 both mean done.
        _ = try await send(.POST, url("\(Self.tunnelSessionsPath)/\(escaped(id))/stop"), body: Data("{}".utf8))
    }
}

extension NgrokClient {
    /// Every live session the filter selects, in one array (each once).
    public func allTunnelSessions(filter: TunnelSessionFilter = .all, priority: RequestPriority = .interactive) async throws -> [TunnelSession] {
        try await listTunnelSessions(filter: filter, priority: priority).reduce(into: []) { $0 += $1 }.mergedByID()
    }
}
