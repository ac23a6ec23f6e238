import NgrokAPI

extension Reducer {
    static func openToggleActive(_ state: inout AppState) {
        guard let bot = requireSelection(&state) else { return }
        if let busy = state.pending[bot.id] {
            state.flash = Flash("\(bot.name) is busy (\(busy)); wait for the server's answer", .warning)
            return
        }
        state.panes.append(.confirm(Dialogs.setActive(bot, counts: state.credentials.counts(of: bot.id))))
    }

    static func openDeleteBot(_ state: inout AppState) {
        guard let bot = requireSelection(&state) else { return }
        state.panes.append(.confirm(Dialogs.deleteBot(bot, owned: state.credentials.newestFirst(of: bot.id))))
        if state.isLoading {
            state.flash = Flash("Credentials are still loading: the list below may be incomplete", .warning)
        }
    }

    static func openBulk(_ state: inout AppState, active: Bool) {
        // One bulk change at a time: the answers of a running one would be counted in a new one's progress.
        if let running = state.bulk, !running.finished {
            let verb = running.active ? "Activating" : "Deactivating"
            state.flash = Flash("\(verb) \(running.done)/\(running.total) is still running; wait for it to finish", .warning)
            return
        }
        let marked = SortOrder.name.arrange(state.marked.compactMap { state.bots[$0] }, credentialCount: { _ in 0 }).compactMap { state.bots[$0] }
        guard !marked.isEmpty else {
            state.flash = Flash("No bots marked: mark some with Space first", .warning)
            return
        }
        let counts = marked.filter { $0.active != active }.reduce(CredentialCounts()) { $0 + state.credentials.counts(of: $1.id) }
        let dialog = Dialogs.bulkSetActive(active: active, marked: marked, hidden: state.hiddenMarkedCount, counts: counts)
        guard case .setActive(let targets, _) = dialog.purpose, !targets.isEmpty else {
            state.flash = Flash("Every marked bot is already \(active ? "active" : "inactive")")
            return
        }
        state.panes.append(.confirm(dialog))
    }

    static func openDeleteCredential(_ state: inout AppState) {
        guard let bot = requireSelection(&state) else { return }
        let credentials = state.selectedCredentials
        guard state.detailCursor < credentials.count else {
            state.flash = Flash("\(bot.name) owns no credentials", .warning)
            return
        }
        state.panes.append(.confirm(Dialogs.deleteCredential(credentials[state.detailCursor], owner: bot)))
    }

    static func confirmCommand(_ state: inout AppState, _ dialog: ConfirmDialog, _ command: Command) -> [Effect] {
        var dialog = dialog
        switch command {
        case .cancel:
            state.panes.removeLast()
            return []
        case .switchFocus:
            dialog.focus = dialog.focus == .confirm ? .cancel : .confirm
        case .deleteBackward:
            if !dialog.typed.isEmpty { dialog.typed.removeLast() }
        case .yes:
            if dialog.requiredText == nil { return perform(&state, dialog) }
            return []
        case .confirm:
            if dialog.requiredText != nil {
                // Typed confirmation: Enter with the right text confirms, with nothing typed it
                // presses the focused button, with anything else it explains.
                if dialog.canConfirm { return perform(&state, dialog) }
                if dialog.typed.isEmpty && dialog.focus == .cancel {
                    state.panes.removeLast()
                    return []
                }
                state.flash = Flash("Type the bot's name exactly (or the word delete) to confirm", .warning)
            } else if dialog.focus == .confirm {
                return perform(&state, dialog)
            } else {
                // Enter on a Cancel-focused dialog cancels; `y` is the explicit yes.
                state.panes.removeLast()
                return []
            }
        default:
            return []
        }
        state.panes[state.panes.count - 1] = .confirm(dialog)
        return []
    }

    /// Closes the dialog and acts on the targets it captured when it opened.
    static func perform(_ state: inout AppState, _ dialog: ConfirmDialog) -> [Effect] {
        state.panes.removeLast()
        switch dialog.purpose {
        case .setActive(let targets, let active):
            var effects: [Effect] = []
            for target in targets {
                guard state.bots[target.id] != nil else { continue }
                state.pending[target.id] = active ? "activating" : "deactivating"
                // Shown at once; the server's answer settles it, a failure rolls it back.
                state.setActive(id: target.id, active)
                effects.append(.setActive(target, active: active, bulk: targets.count > 1))
            }
            if targets.count > 1 {
                state.bulk = BulkProgress(active: active, total: effects.count)
                state.flash = Flash("\(active ? "Activating" : "Deactivating") \(effects.count) bots…")
            }
            return effects
        case .deleteBot(let bot):
            state.pending[bot.id] = "deleting"
            state.flash = Flash("Deleting \(bot.name)…")
            return [.deleteBot(bot, owned: state.credentials.counts(of: bot.id))]
        case .deleteCredential(let credential):
            state.flash = Flash("Deleting \(credential.kind.singular) \(credential.id)…")
            return [.deleteCredential(credential)]
        }
    }
}

extension AppState {
    mutating func setActive(id: String, _ active: Bool) {
        guard var bot = bots[id] else { return }
        bot.active = active
        upsertBots([bot])
    }
}
