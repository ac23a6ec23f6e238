/// Live endpoints: `/endpoints`, which names for each agent endpoint its session and principal,
/// so the program can say what a bot is exposing right now and whether it still is.
extension HTTPNgrokClient {
    static let endpointsPath = "/endpoints"
    static let endpointsListKey = "endpoints"

    public func listEndpoints(filter: EndpointFilter, priority: RequestPriority) -> AsyncThrowingStream<[Endpoint], any Error> {
        stream { client, yield in
            if case .tunnelSessions(let ids) = filter, ids.isEmpty { return }
            try await client.filteredPages(path: Self.endpointsPath, listKey: Self.endpointsListKey, cel: filter.cel,
                                           matches: filter.matches, priority: priority, yield: yield)
        }
    }
}

extension NgrokClient {
    /// Every live endpoint the filter selects, in one array (each once).
    public func allEndpoints(_ filter: EndpointFilter, priority: RequestPriority = .interactive) async throws -> [Endpoint] {
        try await listEndpoints(filter: filter, priority: priority).reduce(into: []) { $0 += $1 }.mergedByID()
    }
}
