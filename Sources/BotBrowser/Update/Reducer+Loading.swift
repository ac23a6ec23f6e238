import NgrokAPI

extension Reducer {
    /// Starts (or restarts) loading: the bot list first, the three credential lists once it is
    /// complete. A hundred pages of bots fit in the API's first burst only if the credential lists
    /// do not spend it at the same time, so a name anywhere in the account shows within about a
    /// hundred round trips. (An id needs no list: it is looked up.) What is on screen stays until
    /// the new answers replace it.
    static func startLoad(_ state: inout AppState) -> [Effect] {
        state.loads.generation += 1
        state.loads.progressedAt = state.ui.now
        state.loads.seen = [:]
        state.loads.lastError = nil
        state.loads.keyRefused = nil
        for target in LoadTarget.allCases {
            state.loads.progress[target] = ListProgress(phase: .loading)
        }
        var effects = [Effect.load(.bots, generation: state.loads.generation)]
        if let selected = state.browser.selectedID {
            effects.insert(.loadOwnerCredentials(owner: selected, generation: state.loads.generation), at: 0)
        }
        return effects
    }

    /// A load waiting on the API's window can go a minute without a page (120 requests a minute);
    /// a request that hangs ends at its 30-second deadline. Longer than both without a page: stuck.
    static let stalledAfter: Double = 95

    /// `r`: a load still making progress is not started over (at 10,000 bots under the API's window
    /// a full load takes minutes, and a restart throws away what it has); it says where it stands.
    /// Anything else (loaded, a list failed, no page for too long) loads again. Either way the
    /// status line says when the API's window holds the next request back.
    static func refresh(_ state: inout AppState) -> [Effect] {
        let now = max(state.ui.now, state.ui.lastKeyAt ?? state.ui.now)
        let held = state.loads.heldUntil.map { $0.timeIntervalSince(now) }.flatMap { $0 > 0 ? Int($0.rounded(.up)) : nil }
        let failed = LoadTarget.allCases.contains { if case .failed = state.loads.progress[$0]?.phase { true } else { false } }
        let moving = state.loads.progressedAt.map { now.timeIntervalSince($0) < stalledAfter } ?? false
        if state.isLoading && !failed && (moving || held != nil) {
            let wait = held.map { "; it waits \($0) s for the API's window" } ?? ""
            state.ui.flash = Flash("Already loading (\(loadStanding(state)))\(wait)")
            return []
        }
        let effects = startLoad(&state)
        if let held { state.ui.flash = Flash("Refresh waits \(held) s for the API's window") }
        return effects
    }

    /// "6,400 of 10,000 bots", or once the bots are in, the credentials so far.
    static func loadStanding(_ state: AppState) -> String {
        let bots = state.loads.progress[.bots]?.items ?? 0
        if state.loads.progress[.bots]?.isLoading == true {
            if let expected = state.loads.expectedBotCount, expected > bots { return "\(bots.grouped) of \(expected.grouped) bots" }
            return "\(bots.grouped) bots so far"
        }
        let credentials = CredentialKind.allCases.reduce(0) { $0 + (state.loads.progress[.credentials($1)]?.items ?? 0) }
        return "\(bots.grouped) bots, \(credentials.grouped) credentials so far"
    }

    static func botsPage(_ state: inout AppState, generation: Int, _ bots: [BotUser]) -> [Effect] {
        guard generation == state.loads.generation else { return [] }
        // A refresh already asked for the selected bot's credentials in `startLoad`.
        let hadSelection = state.browser.selectedID != nil
        let searching = state.top != .filter && state.ui.flash != nil && state.ui.flash == state.searchFlash
        state.loads.progress[.bots, default: ListProgress()].pages += 1
        state.loads.progressedAt = state.ui.now
        // Counted by id: a bot the server lists on two pages is one bot.
        state.loads.seen[.bots, default: SeenIDs()].formUnion(bots.lazy.map(\.id))
        state.loads.progress[.bots, default: ListProgress()].items = state.loads.seen[.bots]?.count ?? 0
        state.upsertBots(bots)
        state.refreshVisible()
        // "Searching 6,400 of 10,000 bots…" follows the pages, and becomes the matches when one comes.
        if searching { state.ui.flash = state.searchFlash ?? filterSummary(state) }
        // The first bots are on screen: fetch the selected one's credentials ahead of the full lists.
        if !hadSelection, let selected = state.browser.selectedID, state.credentialsLoading {
            return [.loadOwnerCredentials(owner: selected, generation: generation)]
        }
        return []
    }

    static func credentialsPage(_ state: inout AppState, generation: Int, kind: CredentialKind, _ credentials: [Credential]) {
        guard generation == state.loads.generation else { return }
        let target = LoadTarget.credentials(kind)
        state.loads.progress[target, default: ListProgress()].pages += 1
        state.loads.progressedAt = state.ui.now
        state.loads.seen[target, default: SeenIDs()].formUnion(credentials.lazy.map(\.id))
        state.loads.progress[target, default: ListProgress()].items = state.loads.seen[target]?.count ?? 0
        for credential in credentials { state.account.insert(credential) }
    }

    /// The warm start: the last run's bots at once, marked stale with their age, searchable while
    /// the fresh list loads. What is done to one goes by id, and the server's answer is the truth.
    static func showCached(_ state: inout AppState, _ account: CachedAccount) {
        guard !account.bots.isEmpty, state.bots.isEmpty else { return }
        state.upsertBots(account.bots)
        state.loads.cachedAt = account.savedAt
        state.loads.expectedBotCount = account.bots.count
    }

    /// The API refused the key (401/403): one message saying so, where the key came from and what
    /// key it must be, instead of an empty account and a failure per list. Nothing else is asked
    /// with that key: every other list would be refused the same way, and retrying cannot help.
    static func keyRefused(_ state: inout AppState, _ error: NgrokError) -> [Effect] {
        let first = state.loads.keyRefused == nil
        let message = error.keyRefusedMessage(source: state.settings.isDemo ? nil : state.settings.keySource)
        if first { state.loads.keyRefused = message }
        let shown = state.loads.keyRefused ?? message
        for target in LoadTarget.allCases where state.loads.progress[target]?.isLoading != false {
            state.loads.progress[target, default: ListProgress()].phase = .failed(shown)
        }
        state.loads.lastError = shown
        state.loads.isStale = true
        if first { state.ui.flash = Flash(shown.prefix(1).uppercased() + shown.dropFirst(), .error) }
        return []
    }

    /// When the bot list has ended (complete or failed), the credential lists start.
    static func afterBotList(_ state: inout AppState, _ target: LoadTarget) -> [Effect] {
        guard target == .bots else { return [] }
        return CredentialKind.allCases.map { Effect.load(.credentials($0), generation: state.loads.generation) }
    }

    /// A complete list: whatever it did not contain is gone from the server, so it goes from the screen.
    static func listFinished(_ state: inout AppState, generation: Int, _ target: LoadTarget) -> [Effect] {
        guard generation == state.loads.generation else { return [] }
        state.loads.progress[target, default: ListProgress()].phase = .done
        // Needed only until the list is complete: 60,000 ids are not kept for nothing.
        let seen = state.loads.seen.removeValue(forKey: target) ?? SeenIDs()
        switch target {
        case .bots:
            let stale = state.bots.keys.filter { !seen.contains($0) }
            if !stale.isEmpty { state.replaceBots(state.bots.values.filter { seen.contains($0.id) }) }
            let markedBefore = state.browser.marked.count
            state.browser.marked.formIntersection(state.bots.keys)
            // A bulk change about to be made must not quietly cover fewer bots than were marked.
            let unmarked = markedBefore - state.browser.marked.count
            if unmarked > 0, state.ui.flash?.level ?? .info == .info {
                state.ui.flash = Flash("\(unmarked) marked bot\(unmarked == 1 ? " is" : "s are") gone from the server, unmarked; "
                                       + "\(state.browser.marked.count) still marked", .warning)
            }
            state.loads.cachedAt = nil
            state.loads.expectedBotCount = state.bots.count
        case .credentials(let kind):
            state.account.removeCredentials(of: kind) { !seen.contains($0) }
            // The lists are complete: the room each owner's search text kept for more goes back
            // (the loop returns freed memory to the system now, before the live sessions load).
            if !state.credentialsLoading { state.account.fitSearchText() }
        }
        if !state.isLoading && state.loads.lastError == nil {
            state.loads.loadedAt = state.ui.now
            state.loads.isStale = false
            if state.ui.flash == nil {
                state.ui.flash = Flash("Loaded \(state.bots.count) bots and \(state.account.credentialCount) credentials")
            }
        }
        let cache: [Effect] = target == .bots ? [.cacheBots(state.bots.values.sorted { $0.createdAt > $1.createdAt })] : []
        return cache + afterBotList(&state, target)
    }
}
