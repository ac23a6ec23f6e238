import NgrokAPI

/// The direct lookup of an id typed or pasted into the filter: the object and, for a credential,
/// its owner are fetched at once and merged, so a leaked key's bot is on screen within a few round
/// trips whatever the size of the account and however far the background load has got.
extension Reducer {
    /// Called whenever the filter's text changes or is committed. A complete id not yet asked
    /// about (or asked about and failed) is looked up; anything else leaves the lookup alone.
    static func lookUpIfID(_ state: inout AppState) -> [Effect] {
        if let effects = lookUpIfAddress(&state) { return effects }
        let text = state.browser.filterText.trimmed
        if let token = state.browser.pastedToken, token.ksuid == text {
            if let lookup = state.browser.lookup, lookup.id == text, !isRetryable(lookup.phase) { return [] }
            if token.candidates.contains(where: { isLoadedFromServer(state, id: $0.id) }) { return [] }
            state.browser.lookup = IdLookup(id: text, token: token)
            return [.lookUpToken(ksuid: token.ksuid)]
        }
        guard ObjectID.guess(text) != nil, !isLoadedFromServer(state, id: text) else { return [] }
        if let lookup = state.browser.lookup, lookup.id == text, !isRetryable(lookup.phase) { return [] }
        state.browser.lookup = IdLookup(id: text)
        return [.lookUp(id: text)]
    }

    /// Already on screen from this session's lists: nothing to ask. (A bot known only from the
    /// warm cache is asked about: the cache may be stale.)
    private static func isLoadedFromServer(_ state: AppState, id: String) -> Bool {
        if let owner = state.account.owner(ofCredential: id) { return state.bots[owner] != nil }
        return state.bots[id] != nil && state.loads.progress[.bots]?.phase == .done
    }

    private static func isRetryable(_ phase: IdLookup.Phase) -> Bool {
        if case .failed = phase { return true }
        return false
    }

    /// An answer to `.lookUp` or `.lookUpOwner`. What the server said is merged whatever the load
    /// generation (it is the server's word about one object); the selection moves only if the
    /// filter still asks for it.
    static func lookupFinished(_ state: inout AppState, id: String, _ result: Result<LookupResult, NgrokError>) -> [Effect] {
        let current = state.browser.lookup
        let answersFilter = current?.id == id && current?.phase == .asking
        let answersOwner = current?.phase == .askingOwner && BotID.same(current?.credential?.ownerID, id)
        switch result {
        case .success(.bot(let bot)):
            state.upsertBots([bot])
            state.refreshVisible()
            state.loads.seen[.bots, default: SeenIDs()].insert(bot.id)
            guard answersFilter || answersOwner, var lookup = current else { return [] }
            lookup.phase = .found(botID: bot.id)
            state.browser.lookup = lookup
            return showFound(&state, bot: bot, lookup)
        case .success(.credential(let credential)):
            state.account.insert(credential)
            state.loads.seen[.credentials(credential.kind), default: SeenIDs()].insert(credential.id)
            state.refreshVisible()
            guard answersFilter, var lookup = current else { return [] }
            lookup.credential = credential
            // A leaked key's own sessions are the first an admin stops (a pasted session id
            // brought its session already).
            let sessionsAhead = lookup.session == nil ? loadSessionsAhead(state, of: [credential]) : []
            let owner = credential.ownerID ?? ""
            if owner.isEmpty {
                lookup.phase = .notABot(ownerID: "no owner")
                state.browser.lookup = lookup
                if state.top != .filter { state.ui.flash = lookup.message(bots: state.bots) }
                return []
            }
            if let bot = state.bots[owner] {
                lookup.phase = .found(botID: owner)
                state.browser.lookup = lookup
                return sessionsAhead + showFound(&state, bot: bot, lookup)
            }
            lookup.phase = .askingOwner
            state.browser.lookup = lookup
            return sessionsAhead + [.lookUpOwner(id: owner)]
        case .success(.tunnelSession(let session, let credential)):
            state.account.sessions.insert(session)
            guard answersFilter, var lookup = current else { return [] }
            lookup.session = session
            state.browser.lookup = lookup
            // From here on it is the lookup of the credential the session uses.
            if let credential { return lookupFinished(&state, id: id, .success(.credential(credential))) }
            lookup.phase = .notFound
            state.browser.lookup = lookup
        case .success(.notFound):
            if deleteDialogBotGone(&state, id: id) { return [] }
            if answersFilter, ObjectID.guess(id) == .bot, state.bots[id] != nil {
                // Known from an older list, gone now: the server's answer is the truth.
                state.removeBot(id: id)
            }
            guard answersFilter || answersOwner, var lookup = current else { return [] }
            lookup.phase = answersOwner ? .notABot(ownerID: id) : .notFound
            state.browser.lookup = lookup
        case .failure(let error):
            guard answersFilter || answersOwner, var lookup = current else { return [] }
            lookup.phase = .failed(error.summary)
            state.browser.lookup = lookup
        }
        if state.top != .filter, let lookup = state.browser.lookup { state.ui.flash = lookup.message(bots: state.bots) }
        return []
    }

    /// Selects the found bot, points the detail cursor at the matched credential, and fetches the
    /// bot's other credentials ahead of the full lists.
    private static func showFound(_ state: inout AppState, bot: BotUser, _ lookup: IdLookup) -> [Effect] {
        if state.visibleIDs.contains(bot.id) {
            state.browser.selectedID = bot.id
            state.clampScroll()
        }
        pointDetailCursor(&state)
        if state.top != .filter { state.ui.flash = lookup.message(bots: state.bots) }
        guard state.credentialsLoading else { return [] }
        return [.loadOwnerCredentials(owner: bot.id, generation: state.loads.generation)]
    }

    /// Keeps the detail cursor on the looked-up credential when the selected bot's list changes.
    static func pointDetailCursor(_ state: inout AppState) {
        guard let matched = state.browser.lookup?.credential, BotID.same(matched.ownerID, state.browser.selectedID),
              let index = state.selectedCredentials.firstIndex(where: { $0.id == matched.id }) else { return }
        state.browser.detailCursor = index
    }

    /// A token pasted or typed into the filter (`LeakedToken`): the filter keeps only the KSUID its
    /// id is made of, which finds the credential in the lists and is looked up as both candidates;
    /// the secret is dropped here, before anything else can read, draw or keep it.
    static func dropTokenSecret(_ state: inout AppState) {
        // A whole SSH public key (`ssh-ed25519 AAAA… comment`) is found by its fingerprint, the
        // form the filter matches and `ssh-keygen -l` prints.
        let text = state.browser.filterText.trimmed
        if Validation.publicKey(text) == nil, let fingerprint = SSHFingerprint.sha256(publicKey: text) {
            state.browser.filterText = fingerprint
            return
        }
        if let token = LeakedToken.find(in: state.browser.filterText) {
            state.browser.filterText = token.ksuid
            state.browser.pastedToken = token
        } else if let token = state.browser.pastedToken, state.browser.filterText.trimmed != token.ksuid {
            let rest = state.browser.filterText.dropFirst(token.ksuid.count)
            if state.browser.filterText.hasPrefix(token.ksuid), rest.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
                // The rest of a secret typed (or pasted without bracketed paste) a key at a time.
                state.browser.filterText = token.ksuid
            } else {
                state.browser.pastedToken = nil
            }
        }
    }
}
