/// One way every filtered list is asked for: the server filters (`filter=`, CEL), and every page
/// it answers is checked here against the same condition, so a server or proxy that drops the
/// filter cannot widen a target (issue 19, item 8). A server that refuses the filter (400) is
/// answered by listing everything and keeping what the filter would have, where that is allowed
/// (`FilterRefusal.listsEverything`). With no filter (`cel` nil) the list is asked for as it is.
extension HTTPNgrokClient {
    func filteredPages<Item: Decodable & Sendable>(
        path: String, listKey: String, kind: CredentialKind? = nil, cel: String?, matches: (Item) -> Bool,
        priority: RequestPriority, yield: ([Item]) async -> Void
    ) async throws {
        guard let cel else {
            return try await pages(path: path, listKey: listKey, filter: nil, kind: kind, priority: priority, yield: yield)
        }
        var yieldedAny = false
        do {
            try await pages(path: path, listKey: listKey, filter: cel, kind: kind, priority: priority) { (page: [Item]) in
                yieldedAny = true
                await yield(page.filter(matches))
            }
        } catch let error as NgrokError where error.status == 400 && !yieldedAny && FilterRefusal.listsEverything {
            try await pages(path: path, listKey: listKey, filter: nil, kind: kind, priority: priority) { (page: [Item]) in
                await yield(page.filter(matches))
            }
        }
    }
}
