import NgrokAPI

/// A committed filter that is not an id, while the credential lists are still loading: the server
/// is asked for credentials whose description contains it (`filter=` on each collection, one page
/// each), so a description search does not wait for 500 pages. A server that refuses the filter
/// changes nothing: the loaded lists are searched as they arrive.
extension Reducer {
    /// Shortest text worth a request: one or two letters match half the account.
    static let shortestServerSearch = 3

    static func searchOnServer(_ state: inout AppState) -> [Effect] {
        let text = state.browser.filterText.trimmed
        let listsComplete = CredentialKind.allCases.allSatisfy { state.loads.progress[.credentials($0)]?.phase == .done }
        // Only when nothing matches yet: a name found among the bots needs no description search.
        guard text.count >= shortestServerSearch, ObjectID.guess(text) == nil, !listsComplete, state.visibleIDs.isEmpty,
              state.browser.serverSearch != text else { return [] }
        state.browser.serverSearch = text
        return [.searchCredentials(text)]
    }

    static func credentialsFound(_ state: inout AppState, query: String, _ found: [Credential]) {
        for credential in found {
            state.account.insert(credential)
            state.loads.seen[.credentials(credential.kind), default: SeenIDs()].insert(credential.id)
        }
        state.refreshVisible()
        if state.top != .filter, state.browser.filterText.trimmed == query, !state.visibleIDs.isEmpty {
            state.ui.flash = filterSummary(state)
        }
    }
}
