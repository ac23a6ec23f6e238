import Essentials
import NgrokAPI

/// The one place the state changes. Pure: the same state and action give the same result and the
/// same effects; the effect runner does the rest.
public func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
    let panesBefore = (count: state.panes.count, context: state.context)
    let flashBefore = state.ui.flash
    let filterBefore = state.browser.filterText
    var effects = Reducer.apply(&state, action)
    if state.browser.filterText != filterBefore { Reducer.dropTokenSecret(&state) }
    // The visible list follows what changed (filter, sort, bots, credentials, sessions); it costs
    // a comparison when nothing did.
    state.refreshVisible()
    if let loss = state.browser.selectionLoss {
        state.browser.selectionLoss = nil
        Reducer.selectionLost(&state, loss, flashBefore: flashBefore)
    }
    // However the filter changed (typed, pasted, edited), a complete id in it is asked for at once.
    if state.browser.filterText != filterBefore { effects += Reducer.lookUpIfID(&state) }
    effects += Reducer.endpointsIfDue(&state)
    if state.top.isDialog && (state.panes.count != panesBefore.count || state.context != panesBefore.context) {
        state.ui.modalOpenedAt = action.arrival ?? state.ui.now
    }
    // Errors and warnings also go to the event log, so one that leaves the status line is not lost;
    // so does what became of every change (the log is the session's record of an incident), and
    // any message too long for the status line, which names the key that shows it whole.
    if let flash = state.ui.flash, flash != flashBefore,
       flash.level != .info || action.isChangeOutcome || DisplayWidth.of(flash.text) > state.ui.screen.width {
        state.ui.events.record(flash.text, level: flash.level, at: state.ui.now, error: action.error)
    }
    return effects
}

extension Reducer {
    /// The selected bot left the list while the user did nothing to it (`Browser.SelectionLoss`):
    /// the detail pane, which showed it, goes back to the list rather than showing another bot
    /// under the same keys, and the status line says why — over news like "Loaded …", not over a
    /// warning or an error this action gave. A selection nobody chose yet (no key pressed: the
    /// first row of the last run's list) moves without a word. The user's own delete says
    /// "Deleted …" itself.
    static func selectionLost(_ state: inout AppState, _ loss: Browser.SelectionLoss, flashBefore: Flash?) {
        guard state.ui.userHasActed else { return }
        state.panes.closeDetail()
        if let flash = state.ui.flash, flash != flashBefore, flash.level != .info { return }
        let nothingLeft = state.visibleIDs.isEmpty
        switch loss {
        case .leftTheAccount(let name):
            let bot = name.map { "The selected bot, \(TextSanitizer.clean($0))," } ?? "The selected bot"
            state.ui.flash = Flash("\(bot) is gone from the server; "
                                   + (nothingLeft ? "no other bot matches the filter" : "selection moved to the nearest row"), .warning)
        case .noLongerMatches(let name):
            let filter = TextSanitizer.clean(state.browser.filterText.trimmed)
            state.ui.flash = Flash("\(TextSanitizer.clean(name)) no longer matches \"\(filter)\" (changed or deleted on the server); "
                                   + (nothingLeft ? "no bot matches it now" : "selection moved to the first match"), .warning)
        }
    }

    static func apply(_ state: inout AppState, _ action: Action) -> [Effect] {
        switch action {
        case .key(let key, let at):
            state.ui.userHasActed = true
            // Below the smallest size that draws, the screen only says so, and only quitting works.
            if state.ui.screen.width < Layout.minimum.width || state.ui.screen.height < Layout.minimum.height {
                if state.settings.keymap.command(for: key, in: .list) == .quit { state.ui.quitRequested = true }
                return []
            }
            if let at {
                state.ui.lastKeyAt = at
                if state.top.isDialog, let opened = state.ui.modalOpenedAt, at.timeIntervalSince(opened) < dialogGuard {
                    state.ui.flash = Flash("Ignored a key typed as the dialog opened: read it, then answer")
                    return []
                }
            }
            return Reducer.handleKey(&state, key)
        case .paste(let text, _):
            state.ui.userHasActed = true
            return Reducer.paste(&state, text)
        case .resized(let size):
            state.ui.screen = size
            state.clampScroll()
            return []
        case .tick(let now):
            state.ui.now = now
            return []
        case .start:
            return Reducer.startLoad(&state)
        case .cacheLoaded(let account):
            Reducer.showCached(&state, account)
            return []
        case .resourceResolved(let resource):
            state.account.resource = resource
            return []
        case let .containmentChecked(bot, result):
            Reducer.containmentChecked(&state, bot: bot, result)
            return []
        case .auditWriteFailed(let message):
            // An error: the status line shows it and the event log keeps it.
            state.ui.flash = Flash(message, .error)
            return []
        case .selfLoaded(.success(let me)):
            state.account.me = me
            return []
        case .selfLoaded(.failure(let error)) where error.isKeyRefused:
            // The key itself is refused: the one message a refused key gets, not a warning besides it.
            return Reducer.keyRefused(&state, error)
        case .selfLoaded(.failure(let error)):
            // Not fatal: the lists still load. Without it the title cannot name the account and
            // the dialogs cannot warn of a self-lockout, which is said once, in the event log.
            state.ui.events.record("GET /self failed: the account's name and the key in use are not known (\(error.summary))",
                                level: .warning, at: state.ui.now, error: error)
            return []
        case let .botsPage(generation, bots):
            return Reducer.botsPage(&state, generation: generation, bots)
        case let .credentialsPage(generation, kind, credentials):
            Reducer.credentialsPage(&state, generation: generation, kind: kind, credentials)
            return []
        case let .ownerCredentials(generation, owner, kind, credentials):
            guard generation == state.loads.generation else { return [] }
            state.account.replaceCredentials(of: owner, kind: kind, with: credentials)
            state.account.ownerKindsLoaded[owner, default: []].insert(kind)
            Reducer.pointDetailCursor(&state)
            Reducer.ownedCredentialsAnswered(&state, owner: owner, kind: kind)
            return Reducer.loadSessionsAhead(state, of: credentials)
        case let .ownerCredentialsFailed(generation, owner, kind, error):
            guard generation == state.loads.generation else { return [] }
            Reducer.ownedCredentialsFailed(&state, owner: owner, kind: kind, error)
            return []
        case let .listFinished(generation, target):
            return Reducer.listFinished(&state, generation: generation, target) + Reducer.loadSessionsIfDue(&state)
        case let .listFailed(generation, target, error):
            guard generation == state.loads.generation else { return [] }
            if error.isKeyRefused { return Reducer.keyRefused(&state, error) }
            state.loads.progress[target, default: ListProgress()].phase = .failed(error.summary)
            state.loads.lastError = "Loading \(target.label) failed: \(error.summary)"
                + state.settings.keymap.say(.refresh, in: .list) { " \u{2014} press \($0) to retry" }
            state.loads.isStale = true
            state.ui.flash = Flash(state.loads.lastError!, .error)
            return Reducer.afterBotList(&state, target) + Reducer.loadSessionsIfDue(&state)
        case let .mutationFinished(mutation, result):
            return Reducer.mutationFinished(&state, mutation, result)
        case let .rotationReplacementCreated(mutation, created):
            return Reducer.rotationReplacementCreated(&state, mutation, created)
        case let .credentialsFound(query, found):
            Reducer.credentialsFound(&state, query: query, found)
            return []
        case .throttled(let wait):
            // Noted, not an error: the client waits as told and goes on.
            state.loads.throttleCount += 1
            state.loads.heldUntil = state.ui.now + wait / .seconds(1)
            if state.ui.flash?.level != .error {
                state.ui.flash = Flash("Throttled by the API, waiting \(Int((wait / .seconds(1)).rounded(.up))) s", .warning)
            }
            return []
        case .readsWait(let wait):
            state.loads.readsWaitUntil = state.ui.now + wait / .seconds(1)
            return []
        case .changeWaits(let wait):
            let seconds = Int((wait / .seconds(1)).rounded(.up))
            state.loads.changeWaitsUntil = state.ui.now + Double(seconds)
            state.ui.flash = Flash("Your change waits \(seconds) s for the API's rate window, then it is sent", .warning)
            return []
        case let .lookupFinished(id, result):
            return Reducer.lookupFinished(&state, id: id, result)
        case let .tunnelSessionsPage(generation, page):
            if generation == state.loads.generation { state.account.sessions.receivePage(page) }
            return []
        case let .tunnelSessionsLoaded(generation, result):
            Reducer.tunnelSessionsLoaded(&state, generation: generation, result)
            return []
        case let .tunnelSessionsFound(ip, result):
            return Reducer.tunnelSessionsFound(&state, ip: ip, result)
        case let .sessionEndpointsLoaded(sessionIDs, .success(endpoints)):
            for id in sessionIDs { state.account.sessions.endpoints[id] = endpoints.filter { $0.tunnelSessionID == id } }
            return []
        case .sessionEndpointsLoaded(_, .failure):
            // Not drawn is all it costs: the sessions, what can be stopped, are known without it.
            return []
        case let .credentialSessionsLoaded(credentialIDs, result):
            Reducer.credentialSessionsLoaded(&state, credentialIDs, result)
            return []
        case let .createdSinceLoaded(since, result):
            Reducer.createdSinceLoaded(&state, since: since, result)
            return []
        }
    }
}

/// The reducer's parts, one extension per concern (keys, navigation, loading, mutations).
enum Reducer {
    /// Keys that reach a dialog sooner than this after it opened were typed before it could be
    /// read (a paste the terminal did not bracket, a key pressed twice): they are ignored.
    static let dialogGuard: TimeInterval = 0.15

    /// Routes a key: text fields take printable keys first, then the keymap of the pane on top.
    static func handleKey(_ state: inout AppState, _ key: KeyName) -> [Effect] {
        if let text = key.typedText, acceptsText(state) {
            insertText(&state, text)
            return []
        }
        guard let command = state.settings.keymap.command(for: key, in: state.context) else { return [] }
        return run(&state, command)
    }

    static func acceptsText(_ state: AppState) -> Bool {
        switch state.top {
        case .filter, .prompt: true
        case .confirm(let dialog): dialog.requiredText != nil
        default: false
        }
    }

    /// Runs a command in the context of the pane on top.
    static func run(_ state: inout AppState, _ command: Command) -> [Effect] {
        // The one place a command's requirements are checked (the table in CommandTraits).
        let browsing = state.top == .list || state.top == .detail
        if command.isMutating && state.settings.readOnly || browsing, let reason = command.disabledReason(in: state) {
            state.ui.flash = Flash(reason, .warning)
            return []
        }
        // A keypress retires an info message; an error stays until Esc or a newer message, so a
        // failure is not lost to the next cursor move.
        if state.ui.flash?.level != .error || command == .back || command == .cancel { state.ui.flash = nil }
        switch state.top {
        case .filter: return filterCommand(&state, command)
        case .confirm(let dialog): return confirmCommand(&state, dialog, command)
        case .prompt(let prompt): return promptCommand(&state, prompt, command)
        case .choice(let menu): return choiceCommand(&state, menu, command)
        case .secret(let secret): return secretCommand(&state, secret, command)
        case .help(let help): return helpCommand(&state, help, command)
        case .log(let scroll): return logCommand(&state, scroll: scroll, command)
        case .since(let pane): return sinceCommand(&state, pane, command)
        case .list, .detail: return browseCommand(&state, command)
        }
    }

    static func browseCommand(_ state: inout AppState, _ command: Command) -> [Effect] {
        let inDetail = state.top == .detail
        if let effects = sessionCommand(&state, command, inDetail: inDetail) { return effects }
        switch command {
        case .moveDown: inDetail ? moveDetail(&state, by: 1) : moveSelection(&state, by: 1)
        case .moveUp: inDetail ? moveDetail(&state, by: -1) : moveSelection(&state, by: -1)
        case .pageDown: moveSelection(&state, by: state.listHeight)
        case .pageUp: moveSelection(&state, by: -state.listHeight)
        case .halfPageDown: moveSelection(&state, by: max(1, state.listHeight / 2))
        case .halfPageUp: moveSelection(&state, by: -max(1, state.listHeight / 2))
        case .top: inDetail ? (state.browser.detailCursor = 0) : moveSelection(&state, to: 0)
        case .bottom: inDetail ? moveDetail(&state, by: Int.max / 2) : moveSelection(&state, to: state.visibleIDs.count - 1)
        case .openDetail: return openDetail(&state)
        case .back:
            if inDetail {
                state.panes.pop()
            } else if !state.browser.filterText.isEmpty {
                state.browser.filterText = ""
                state.ui.flash = Flash("Filter cleared")
            }
        case .filter: state.panes.push(.filter)
        case .eventLog: state.panes.push(.log(scroll: 0))
        case .createdSince: openPrompt(&state, .createdSince(investigating: state.selectedBot.map(BotRef.init)))
        case .cycleSort:
            state.browser.sort = state.browser.sort.next
            // Counts shown as `?` cannot explain the order they give: say it is not final yet.
            let unsettled = state.browser.sort == .credentials && state.credentialsLoading
            state.ui.flash = Flash("Sorted by \(state.browser.sort.label)" + (unsettled ? " (counts still loading: the order settles when they are in)" : ""))
        case .mark: toggleMark(&state)
        case .markAllVisible: markAllVisible(&state)
        case .clearMarks:
            let count = state.browser.marked.count
            state.browser.marked.removeAll()
            state.ui.flash = Flash(count == 0 ? "No bots were marked" : "Unmarked \(count) bot\(count == 1 ? "" : "s")")
        case .deactivate: openSetActive(&state, active: false)
        case .activate: openSetActive(&state, active: true)
        case .deleteBot: return openDeleteBot(&state)
        case .newBot: openPrompt(&state, .createBot)
        case .renameBot:
            if let bot = requireSelection(&state) { openPrompt(&state, .renameBot(BotRef(bot))) }
        case .newCredential:
            if let bot = requireSelection(&state) {
                state.panes.push(.choice(ChoiceMenu(owner: BotRef(bot), title: "New credential for \(bot.name)")))
            }
        case .deleteCredential: openDeleteCredential(&state)
        case .rotateCredential: openRotateCredential(&state)
        case .copy: return copyID(state: &state)
        case .refresh: return refresh(&state)
        case .help: state.panes.push(.help(HelpScreen(context: state.context)))
        case .quit: state.ui.quitRequested = true
        default: break
        }
        return []
    }

    /// `*` marks the shown bots whose own name or id matches; bots shown only because one of their
    /// credentials matched (a description that says "staging") need a second `*`.
    static func markAllVisible(_ state: inout AppState) {
        let byName = state.visibleIDs.filter { state.matchesByNameOrID($0) }
        let viaCredential = state.visibleIDs.count - byName.count
        if viaCredential > 0 && Set(byName).isSubset(of: state.browser.marked) {
            state.browser.marked.formUnion(state.visibleIDs)
            state.ui.flash = Flash("\(state.browser.marked.count) marked, including \(viaCredential) shown because a credential matched")
            return
        }
        state.browser.marked.formUnion(byName)
        var text = "\(state.browser.marked.count) marked"
        if viaCredential > 0 {
            text += "; \(viaCredential) shown only because a credential matched are not"
                + state.settings.keymap.say(.markAllVisible, in: .list) { " \u{2014} press \($0) again to mark them too" }
        }
        state.ui.flash = Flash(text)
    }

    static func requireSelection(_ state: inout AppState) -> BotUser? {
        guard let bot = state.selectedBot else {
            state.ui.flash = Flash("No bot selected", .warning)
            return nil
        }
        return bot
    }
}
