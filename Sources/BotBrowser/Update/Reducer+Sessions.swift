import Essentials
import NgrokAPI

/// Live agent sessions: loaded last, shown under their credentials, stopped one by one, all of a
/// bot's at once, or in the same step as a deactivate or delete.
extension Reducer {
    // MARK: Loading

    /// Once the bots and every credential list have ended, the sessions load (once per load
    /// generation), so they never take a request from the lists the incident needs first.
    static func loadSessionsIfDue(_ state: inout AppState) -> [Effect] {
        guard state.loads.progress[.bots]?.isLoading == false, !state.credentialsLoading, state.loads.keyRefused == nil,
              state.account.sessions.generation != state.loads.generation else { return [] }
        state.account.sessions.generation = state.loads.generation
        state.account.sessions.phase = .loading
        // Pages of a list an earlier load left unfinished are not part of this one.
        state.account.sessions.abandonList()
        return [.loadTunnelSessions(generation: state.loads.generation)]
    }

    static func tunnelSessionsLoaded(_ state: inout AppState, generation: Int, _ result: Result<[TunnelSession], NgrokError>) {
        guard generation == state.loads.generation else { return }
        switch result {
        case .success(let lastPage):
            state.account.sessions.completeList(lastPage: lastPage)
            state.account.sessions.phase = .done
            state.account.sessions.hasLoaded = true
        case .failure(let error):
            // What is shown stays; the counts say `?` until a load succeeds.
            state.account.sessions.abandonList()
            state.account.sessions.phase = .failed(error.summary)
            if error.isKeyRefused {
                _ = keyRefused(&state, error)
                return
            }
            state.ui.flash = Flash("Loading live sessions failed: \(error.summary)"
                                + state.settings.keymap.say(.refresh, in: .list) { " \u{2014} press \($0) to retry" }, .warning)
        }
    }

    // MARK: Sessions asked ahead of the full list

    /// The sessions of these credentials, asked now when the full list is not in yet (an API key
    /// has none: agents connect with authtokens and SSH keys).
    static func loadSessionsAhead(_ state: AppState, of credentials: [Credential]) -> [Effect] {
        let ids = credentials.filter { $0.kind != .apiKey }.map(\.id)
        return state.account.sessions.isKnown || ids.isEmpty ? [] : [.loadSessions(ofCredentials: ids)]
    }

    /// The complete list of these credentials' sessions: what it lacks has ended.
    static func credentialSessionsLoaded(_ state: inout AppState, _ credentialIDs: [String], _ result: Result<[TunnelSession], NgrokError>) {
        // A failure changes nothing: the full list still comes, and the dialogs say what is not known.
        guard case .success(let sessions) = result else { return }
        let fresh = Set(sessions.map(\.id))
        for id in credentialIDs {
            state.account.sessions.answered[id] = state.loads.generation
            for old in state.account.sessions.sessions(of: id) where !fresh.contains(old.id) { state.account.sessions.remove(id: old.id) }
        }
        for session in sessions { state.account.sessions.insert(session) }
    }

    /// What the selected bot's live sessions expose, asked only while the detail pane shows them:
    /// moving through the list spends none of the API's window on it.
    static func endpointsIfDue(_ state: inout AppState) -> [Effect] {
        guard state.isDetailOpen, let bot = state.selectedBot else { return [] }
        let ids = state.sessionRefs(of: bot).map(\.id)
            .filter { state.account.sessions.endpoints[$0] == nil && !state.loads.endpointsAsked.contains($0) }
        guard !ids.isEmpty else { return [] }
        state.loads.endpointsAsked.formUnion(ids)
        return [.loadSessionEndpoints(sessionIDs: ids)]
    }

    // MARK: An address in the filter

    /// An agent's IP address in the filter is asked of the server at once (the sessions from it,
    /// their credentials and owners), like a complete id.
    static func lookUpIfAddress(_ state: inout AppState) -> [Effect]? {
        let text = state.browser.filterText.trimmed
        guard IPAddressText.isAddress(text) else { return nil }
        if let lookup = state.browser.lookup, lookup.id == text, !lookup.isFailed { return [] }
        state.browser.lookup = IdLookup(id: text)
        return [.lookUpTunnelSessions(ip: IPAddressText.canonical(text) ?? text)]
    }

    static func tunnelSessionsFound(_ state: inout AppState, ip: String, _ result: Result<SessionSearch, NgrokError>) -> [Effect] {
        if case .success(let found) = result {
            state.upsertBots(Array(found.bots.values))
            for credential in found.credentials.values { state.account.insert(credential) }
            for session in found.sessions { state.account.sessions.insert(session) }
            state.refreshVisible()
        }
        guard var lookup = state.browser.lookup, (IPAddressText.canonical(lookup.id) ?? lookup.id) == ip, lookup.phase == .asking else { return [] }
        switch result {
        case .success(let found):
            let owned = found.sessions.compactMap { session in found.credentials[session.credentialID].map { (session, $0) } }
            let botOwners = Set(owned.compactMap { $0.1.ownerID }.filter { found.bots[$0] != nil })
            lookup.addressMatches = (found.sessions.count, botOwners.count)
            if case let (session, credential)? = owned.first(where: { found.bots[$0.1.ownerID ?? ""] != nil }) {
                lookup.session = session
                lookup.credential = credential
                lookup.phase = .found(botID: credential.ownerID ?? "")
                if state.visibleIDs.contains(credential.ownerID ?? "") { state.browser.selectedID = credential.ownerID }
                state.clampScroll()
            } else if case let (session, credential)? = owned.first {
                lookup.session = session
                lookup.credential = credential
                lookup.phase = .notABot(ownerID: credential.ownerID ?? "no owner")
            } else {
                lookup.session = found.sessions.first
                lookup.phase = .notFound
            }
        case .failure(let error):
            lookup.phase = .failed(error.summary)
        }
        state.browser.lookup = lookup
        if case .found = lookup.phase { pointDetailCursor(&state) }
        if state.top != .filter { state.ui.flash = lookup.message(bots: state.bots) }
        return []
    }

    // MARK: Keys

    /// Session commands in the list and detail panes, and the detail cursor's steps through the
    /// sessions under each credential. Nil: not a session matter, the usual handling goes on.
    static func sessionCommand(_ state: inout AppState, _ command: Command, inDetail: Bool) -> [Effect]? {
        switch command {
        case .stopSession:
            openStopSession(&state)
            return []
        case .stopAllSessions:
            openStopAllSessions(&state)
            return []
        case .moveDown where inDetail:
            return stepIntoSessions(&state) ? [] : nil
        case .moveUp where inDetail:
            return stepBackThroughSessions(&state) ? [] : nil
        case .openDetail:
            // The session the filter found (an agent's address, a ts_ id) is the one under the cursor, so S stops it.
            state.browser.detailSessionID = state.needle.isEmpty ? nil
                : state.account.firstMatchingSession(of: state.browser.selectedID ?? "", needle: state.needle)?.id
            return nil
        case .top, .bottom, .back:
            state.browser.detailSessionID = nil
            return nil
        default:
            return nil
        }
    }

    /// Down: from a credential to its first session, from a session to the next one; after the
    /// last, on to the next credential.
    private static func stepIntoSessions(_ state: inout AppState) -> Bool {
        let credentials = state.selectedCredentials
        guard state.browser.detailCursor < credentials.count else { return false }
        let under = state.account.sessions.sessions(of: credentials[state.browser.detailCursor].id)
        if let current = state.selectedSession, let index = under.firstIndex(of: current) {
            if index + 1 < under.count {
                state.browser.detailSessionID = under[index + 1].id
                return true
            }
            guard state.browser.detailCursor + 1 < credentials.count else { return true }
            state.browser.detailSessionID = nil
            return false
        }
        state.browser.detailSessionID = under.first?.id
        return !under.isEmpty
    }

    /// Up: from a session to the one above it or its credential; from a credential to the last
    /// session of the credential above.
    private static func stepBackThroughSessions(_ state: inout AppState) -> Bool {
        if let current = state.selectedSession {
            let under = state.account.sessions.sessions(of: current.credentialID)
            let index = under.firstIndex(of: current) ?? 0
            state.browser.detailSessionID = index > 0 ? under[index - 1].id : nil
            return true
        }
        state.browser.detailSessionID = nil
        guard state.browser.detailCursor > 0 else { return false }
        moveDetail(&state, by: -1)
        let credentials = state.selectedCredentials
        state.browser.detailSessionID = state.account.sessions.sessions(of: credentials[state.browser.detailCursor].id).last?.id
        return true
    }

    static func openStopSession(_ state: inout AppState) {
        guard let bot = requireSelection(&state) else { return }
        guard state.top == .detail, let session = state.selectedSession else {
            let all = state.settings.keymap.say(.stopAllSessions, in: state.context) { "; \($0) stops all of the bot's" }
            state.ui.flash = Flash("No session under the cursor: move onto one below an authtoken or SSH key\(all)", .warning)
            return
        }
        state.panes.push(.confirm(Dialogs.stopSessions([SessionRef(session, owner: BotRef(bot))], bot: bot, now: state.ui.now,
                                                         sessions: state.account.sessions, deactivateKey: state.settings.keymap.keyName(.deactivate, in: state.context))))
    }

    static func openStopAllSessions(_ state: inout AppState) {
        guard let bot = requireSelection(&state) else { return }
        let refs = state.sessionRefs(of: bot)
        let knowledge = state.sessionsKnowledge(of: bot.id)
        guard !refs.isEmpty else {
            switch knowledge {
            case .fresh: state.ui.flash = Flash("\(bot.name) has no live agent sessions")
            case .complete: state.ui.flash = Flash("\(bot.name) had no live agent sessions in the last complete list; a newer one is loading")
            case .partial: state.ui.flash = Flash("Live sessions are not known yet (\(sessionsUnknownReason(state)))", .warning)
            }
            return
        }
        var dialog = Dialogs.stopSessions(refs, bot: bot, now: state.ui.now, sessions: state.account.sessions,
                                          deactivateKey: state.settings.keymap.keyName(.deactivate, in: state.context))
        if knowledge == .partial {
            dialog.lines += ["", "Only the sessions loaded so far: more may be live (\(sessionsUnknownReason(state)))."]
        }
        state.panes.push(.confirm(dialog))
    }

    /// Why a bot's sessions are not all known: the account's list, or the bot's credentials, still coming.
    static func sessionsUnknownReason(_ state: AppState) -> String {
        state.account.sessions.isKnown ? "its credentials are still loading" : sessionsPhaseText(state.account.sessions.phase)
    }

    static func sessionsPhaseText(_ phase: ListProgress.Phase) -> String {
        switch phase {
        case .idle, .loading: "still loading"
        case .done: "loaded"
        case .failed(let message): "loading failed: \(message)"
        }
    }

    // MARK: Confirming

    /// Adds to a deactivate or delete dialog the bots' live sessions and the offer to stop them too.
    static func offeringStops(_ dialog: ConfirmDialog, _ state: AppState, bots: [BotUser]) -> ConfirmDialog {
        var dialog = dialog
        let refs = bots.flatMap { state.sessionRefs(of: $0) }
        // As little as the least known of the bots: one bot's missing sessions make the total "at least".
        let knowledge = bots.map { state.sessionsKnowledge(of: $0.id) }.min() ?? .fresh
        guard !refs.isEmpty else {
            switch knowledge {
            // Said, so that no offer to stop them (t) reads as one forgotten.
            case .fresh: dialog.lines += ["", "Live agent sessions: none."]
            case .complete: dialog.lines += ["", "Live agent sessions: none in the last complete list; a newer one is loading."]
            case .partial: dialog.lines += ["", "Live agent sessions: not known yet, \(sessionsUnknownReason(state))."]
            }
            return dialog
        }
        let kinds = Set(refs.map { ref in
            state.account.credentials(of: ref.owner.id).first { $0.id == ref.credentialID }?.kind ?? .apiKey
        })
        dialog.lines += ["", Dialogs.sessionsHeadline(refs.count, bots: bots.count,
                                                      kinds: kinds.contains(.apiKey) ? [] : kinds, atLeast: knowledge == .partial)]
        dialog.lines += refs.prefix(Dialogs.maxDescriptionsPerKind).map { "  \($0.label)" }
        if refs.count > Dialogs.maxDescriptionsPerKind { dialog.lines.append("  … and \(refs.count - Dialogs.maxDescriptionsPerKind) more") }
        let offer = SessionStopOffer(sessions: refs, line: dialog.lines.count,
                                     toggleKey: state.settings.keymap.keyName(.toggleStopSessions, in: .confirm, typing: dialog.requiredText != nil))
        dialog.lines.append(offer.text)
        dialog.sessionsOffer = offer
        return dialog
    }

    static func toggleSessionsOffer(_ state: inout AppState, _ dialog: inout ConfirmDialog) {
        guard var offer = dialog.sessionsOffer else {
            state.ui.flash = Flash("This dialog stops no sessions")
            return
        }
        offer.accepted.toggle()
        dialog.sessionsOffer = offer
        if offer.line < dialog.lines.count { dialog.lines[offer.line] = offer.text }
    }

    /// The stops a confirmed deactivate or delete dialog was told to do as well, held until the
    /// server has confirmed that change (`stopsReleased`): contain first, then cut off.
    static func holdStopsUntilContained(_ state: inout AppState, _ dialog: ConfirmDialog) {
        guard let offer = dialog.sessionsOffer, offer.accepted else { return }
        for (owner, sessions) in Dictionary(grouping: offer.sessions, by: \.owner.id) {
            state.changes.stopsAfterContainment[owner, default: []] += sessions
        }
    }

    /// The held stops of a bot whose deactivate or delete has been answered: sent when it was
    /// done, dropped (and said) when it failed, so no agent is cut off while it could reconnect.
    static func stopsReleased(_ state: inout AppState, bot: BotRef, contained: Bool) -> [Effect] {
        guard let held = state.changes.stopsAfterContainment.removeValue(forKey: bot.id), !held.isEmpty else { return [] }
        guard contained else {
            state.ui.events.record("Not stopping \(held.count) live session\(held.count == 1 ? "" : "s") of \(bot.name): "
                                + "its credentials were not switched off", level: .warning, at: state.ui.now)
            return []
        }
        // Every agent credential of the bot is checked, not only those that had sessions: an agent
        // may connect with any of them.
        let agents = state.account.credentials(of: bot.id).filter { $0.kind != .apiKey }.map(\.id)
        let credentials = Array(Set(held.map(\.credentialID) + agents)).sorted()
        return send(held.map { .stopSession($0) }, &state) + [.verifyContainment(bot: bot, credentialIDs: credentials)]
    }

    // MARK: Results

    static func tunnelSessionStopped(_ state: inout AppState, _ session: SessionRef, _ result: Result<Void, NgrokError>) {
        switch result {
        case .success:
            state.account.sessions.remove(id: session.id)
            // `K` stops several, one answer each: the count left says where the whole stands.
            var remaining = ""
            if let bot = state.bots[session.owner.id] {
                let left = state.sessionRefs(of: bot).count
                // "None" only from a complete answer of this load; a partial one gives "at least".
                switch (left, state.sessionsKnowledge(of: bot.id)) {
                case (0, .fresh): remaining = "; none of its sessions is live now"
                case (0, _): remaining = "; whether others of its sessions are live is not known yet"
                case (_, .partial): remaining = "; at least \(left) of its sessions still live"
                default: remaining = "; \(left) of its sessions still live"
                }
            }
            state.ui.flash = Flash("Stopped session \(session.label) of \(session.owner.name)" + remaining)
        case .failure(let error) where error.status == 404:
            state.account.sessions.remove(id: session.id)
            state.ui.flash = Flash("Session \(session.id) had already ended")
        case .failure(let error):
            state.ui.flash = Flash("Stopping session \(session.id) failed: \(error.summary)", .error)
        }
        if state.selectedSession == nil { state.browser.detailSessionID = nil }
    }
}
