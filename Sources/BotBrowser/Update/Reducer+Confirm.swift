import NgrokAPI

extension Reducer {
    /// Deactivate or activate: the marked bots when any are marked, else the selected one. Never a
    /// toggle, so a recipe that ends in "D, y" can only ever deactivate.
    static func openSetActive(_ state: inout AppState, active: Bool) {
        if !state.browser.marked.isEmpty {
            openBulk(&state, active: active)
            return
        }
        guard let bot = requireSelection(&state) else { return }
        // Even when this screen (or the last run's cache) says it is done already: someone may
        // have changed it since, and the PATCH is idempotent. The server's answer is the truth.
        if let busy = state.changes.pending[bot.id] {
            state.ui.flash = Flash("\(bot.name) is busy (\(busy)); wait for the server's answer", .warning)
            return
        }
        let dialog = Dialogs.setActive(bot, active: active, tally: state.tally(of: bot.id))
        state.panes.push(.confirm(active ? dialog : offeringStops(guardingSelfLockout(dialog, state, bots: [bot]), state, bots: [bot])))
    }

    /// Asks the server for the bot's credentials as it opens: what dies with it is said from the
    /// server's answer, not from lists that may be partial or minutes old (`OwnedCheck`). The bot
    /// itself is asked too: a bot deleted elsewhere has no credentials either, and must not be
    /// said to own none (`deleteDialogBotGone`).
    static func openDeleteBot(_ state: inout AppState) -> [Effect] {
        guard let bot = requireSelection(&state) else { return [] }
        state.panes.push(.confirm(deleteDialog(state, bot, check: OwnedCheck(bot: BotRef(bot)))))
        return [.loadOwnerCredentials(owner: bot.id, generation: state.loads.generation), .lookUpOwner(id: bot.id)]
    }

    /// The server says the bot of the open delete dialog does not exist: the dialog closes and
    /// the list drops the bot, saying why. Returns whether it was that dialog's bot.
    static func deleteDialogBotGone(_ state: inout AppState, id: String) -> Bool {
        guard case .confirm(let open) = state.top, let check = open.ownedCheck, BotID.same(check.bot.id, id) else { return false }
        state.panes.pop()
        removeBotThisActionExplains(&state, id: check.bot.id)
        state.ui.flash = Flash("\(check.bot.name) is already gone from the server (deleted elsewhere): nothing to delete", .warning)
        return true
    }

    static func deleteDialog(_ state: AppState, _ bot: BotUser, check: OwnedCheck) -> ConfirmDialog {
        let dialog = Dialogs.deleteBot(bot, owned: state.account.newestFirst(of: bot.id), tally: state.tally(of: bot.id), check: check)
        return offeringStops(guardingSelfLockout(dialog, state, bots: [bot]), state, bots: [bot])
    }

    /// The server answered one kind of an owner's credentials: an open delete dialog for that bot
    /// says it now, keeping what was typed, the scroll and the choice to stop sessions.
    static func ownedCredentialsAnswered(_ state: inout AppState, owner: String, kind: CredentialKind) {
        guard case .confirm(let open) = state.top, var check = open.ownedCheck, BotID.same(check.bot.id, owner),
              let bot = state.bots[check.bot.id] else { return }
        check.answered.insert(kind)
        var dialog = deleteDialog(state, bot, check: check)
        dialog.typed = open.typed
        dialog.scroll = min(open.scroll, max(0, dialog.lines.count - 1))
        if var offer = dialog.sessionsOffer, open.sessionsOffer?.accepted == true {
            offer.accepted = true
            dialog.sessionsOffer = offer
            dialog.lines[offer.line] = offer.text
        }
        state.panes.replaceTop(.confirm(dialog))
    }

    /// The delete dialog's question to the server failed: it keeps asking for the typed name (what
    /// the bot owns is not known), and says the answer will not come rather than "checking…" forever.
    static func ownedCredentialsFailed(_ state: inout AppState, owner: String, kind: CredentialKind, _ error: NgrokError) {
        guard case .confirm(let open) = state.top, let check = open.ownedCheck, BotID.same(check.bot.id, owner) else { return }
        state.ui.flash = Flash("Could not ask the server for \(TextSanitizer.clean(check.bot.name))'s \(kind.plural): \(error.summary); "
                            + "its name must be typed", .warning)
    }

    static func openBulk(_ state: inout AppState, active: Bool) {
        // One bulk change at a time: the answers of a running one would be counted in a new one's progress.
        if let running = state.changes.bulk, !running.finished {
            let verb = running.active ? "Activating" : "Deactivating"
            state.ui.flash = Flash("\(verb) \(running.done)/\(running.total) is still running; wait for it to finish", .warning)
            return
        }
        let marked = SortOrder.name.arrange(state.browser.marked.compactMap { state.bots[$0] }, credentialCount: { _ in 0 }).compactMap { state.bots[$0] }
        guard !marked.isEmpty else {
            state.ui.flash = Flash("No bots marked" + state.settings.keymap.say(.mark, in: .list) { ": mark some with \($0) first" }, .warning)
            return
        }
        let tally = marked.reduce(CredentialTally()) { $0 + state.tally(of: $1.id) }
        let dialog = Dialogs.bulkSetActive(active: active, marked: marked, hidden: state.hiddenMarkedCount, tally: tally,
                                           reason: { matchReason(state, $0) })
        guard !dialog.mutations.isEmpty else {
            state.ui.flash = Flash("Every marked bot is already \(active ? "active" : "inactive")")
            return
        }
        let bots = dialog.mutations.compactMap { $0.busyBot.flatMap { state.bots[$0.bot.id] } }
        state.panes.push(.confirm(active ? dialog : offeringStops(guardingSelfLockout(dialog, state, bots: bots), state, bots: bots)))
    }

    /// Why a marked bot is in the set, as the bulk dialog lists it.
    static func matchReason(_ state: AppState, _ id: String) -> String? {
        guard !state.needle.isEmpty else { return nil }
        if !state.visibleIDs.contains(id) { return "hidden by the filter" }
        if state.matchesByNameOrID(id) { return "name or id matches" }
        return state.matchNote(for: id).map { "via credential \($0)" }
    }

    static func openDeleteCredential(_ state: inout AppState) {
        guard let (credential, bot) = state.credentialUnderCursor else { return }
        state.panes.push(.confirm(guardingSelfLockout(Dialogs.deleteCredential(credential, owner: bot,
                                                                                     liveSessions: state.account.sessions.sessions(of: credential.id).count), state, credential: credential)))
    }

    static func openRotateCredential(_ state: inout AppState) {
        guard let (credential, bot) = state.credentialUnderCursor else { return }
        guard credential.kind != .sshCredential else {
            state.ui.flash = Flash("An SSH key is rotated with a new public key: ngrok-bots rotate \(credential.id) --public-key-file F", .warning)
            return
        }
        state.panes.push(.confirm(guardingSelfLockout(Dialogs.rotateCredential(credential, owner: bot,
                                                                                     liveSessions: state.account.sessions.sessions(of: credential.id).count), state, credential: credential,
                                                      rotating: true)))
    }

    /// `y` in the list or detail: the id under the cursor goes to the clipboard (never a token).
    static func copyID(state: inout AppState) -> [Effect] {
        guard let bot = requireSelection(&state) else { return [] }
        let id = state.top == .detail ? state.credentialUnderCursor?.credential.id ?? bot.id : bot.id
        state.ui.flash = Flash("Copied \(id) to the clipboard")
        return [.copyToClipboard(id)]
    }

    static func confirmCommand(_ state: inout AppState, _ dialog: ConfirmDialog, _ command: Command) -> [Effect] {
        var dialog = dialog
        switch command {
        case .cancel:
            state.panes.pop()
            return []
        case .switchFocus:
            // A disabled button never takes focus: the name must be typed first.
            if dialog.canConfirm {
                dialog.focus = dialog.focus == .confirm ? .cancel : .confirm
            } else {
                state.ui.flash = Flash("Type \(dialog.whatToType) first" + state.settings.keymap.say(.cancel, in: .confirm, typing: true) { "; \($0) cancels" })
            }
        case .moveDown:
            dialog.scroll = min(dialog.scroll + 1, max(0, dialog.lines.count - 1))
        case .moveUp:
            dialog.scroll = max(0, dialog.scroll - 1)
        case .deleteBackward:
            if !dialog.typed.isEmpty { dialog.typed.removeLast() }
        case .toggleStopSessions:
            toggleSessionsOffer(&state, &dialog)
        case .yes:
            if dialog.requiredText == nil { return perform(&state, dialog) }
            return []
        case .confirm:
            if dialog.requiredText != nil {
                // Typed confirmation: Enter with the right text confirms; otherwise it explains
                // (an Enter pressed twice must neither delete nor silently close).
                if dialog.canConfirm { return perform(&state, dialog) }
                let keys = state.settings.keymap
                let enter = keys.say(.confirm, in: .confirm, typing: true) { ", then \($0)" }
                state.ui.flash = Flash("Type \(dialog.whatToType) exactly\(enter)"
                                    + keys.say(.cancel, in: .confirm, typing: true) { "; \($0) cancels" }, .warning)
            } else if dialog.focus == .confirm {
                return perform(&state, dialog)
            } else {
                // Enter on a Cancel-focused dialog cancels; `y` is the explicit yes.
                state.panes.pop()
                return []
            }
        default:
            return []
        }
        state.panes.replaceTop(.confirm(dialog))
        return []
    }

    /// A change that would cut off the API key this program is using (`GET /self`) says so first and
    /// must be typed: deactivating or deleting the bot that owns it, deleting or rotating the key.
    /// Done by accident mid-incident, the responder is locked out of the rest of the response.
    static func guardingSelfLockout(_ dialog: ConfirmDialog, _ state: AppState, bots: [BotUser]) -> ConfirmDialog {
        guard let key = state.account.me?.apiKey, let owner = bots.first(where: { BotID.same($0.id, key.ownerID) }) else { return dialog }
        var guarded = selfLockout(dialog, "\(owner.name) owns the API key this program is using (\(key.id)): this cuts this program off.",
                                  typed: owner.name)
        guarded.requiredID = owner.id
        return guarded
    }

    /// A rotation of the key in use says what it does: this program does not switch to the new key
    /// (as `ngrok-bots rotate` does not), so the old key's delete cuts it off.
    static func guardingSelfLockout(_ dialog: ConfirmDialog, _ state: AppState, credential: Credential, rotating: Bool = false) -> ConfirmDialog {
        guard credential.id == state.account.me?.apiKey.id else { return dialog }
        let warning = rotating
            ? "\(credential.id) is the API key this program is using: rotating it does not switch this program to the new key, "
                + "so deleting \(credential.id) cuts this program off."
            : "\(credential.id) is the API key this program is using: this cuts this program off."
        return selfLockout(dialog, warning, typed: rotating ? "rotate" : "delete")
    }

    private static func selfLockout(_ dialog: ConfirmDialog, _ warning: String, typed: String) -> ConfirmDialog {
        var guarded = dialog
        guarded.lines.insert(contentsOf: [warning, ""], at: 0)
        guarded.requiredText = typed
        guarded.focus = .cancel
        return guarded
    }

    /// Closes the dialog and acts on the targets it captured when it opened.
    static func perform(_ state: inout AppState, _ dialog: ConfirmDialog) -> [Effect] {
        state.panes.pop()
        holdStopsUntilContained(&state, dialog)
        return send(dialog.mutations, &state)
    }

    /// Marks what the changes touch as busy ("deactivating…" beside the bot: its state stays what
    /// the server last said until the server answers), says they are on their way, and asks for
    /// them to be sent.
    static func send(_ mutations: [Mutation], _ state: inout AppState) -> [Effect] {
        var effects: [Effect] = []
        for mutation in mutations {
            if let busy = mutation.busyBot {
                // Gone while the dialog was open: nothing to change.
                guard state.bots[busy.bot.id] != nil else { continue }
                state.changes.pending[busy.bot.id] = busy.label
            }
            effects.append(.mutate(mutation))
        }
        if effects.count > 1, case let .setActive(_, active, _)? = mutations.first {
            state.changes.bulk = BulkProgress(active: active, total: effects.count)
            state.ui.flash = Flash("\(active ? "Activating" : "Deactivating") \(effects.count) bots…")
        } else if effects.count > 1 {
            state.ui.flash = Flash(Mutation.progressMessage(mutations))
        } else if let mutation = effects.first?.mutation {
            state.ui.flash = Flash(mutation.progressMessage)
        }
        return effects
    }
}

extension AppState {
    mutating func setActive(id: String, _ active: Bool) {
        guard var bot = bots[id] else { return }
        bot.active = active
        upsertBots([bot])
    }
}
