import NgrokAPI

extension Reducer {
    static func moveSelection(_ state: inout AppState, by delta: Int) {
        let index = state.selectedIndex ?? 0
        moveSelection(&state, to: index + delta)
    }

    static func moveSelection(_ state: inout AppState, to index: Int) {
        guard !state.visibleIDs.isEmpty else { return }
        let clamped = max(0, min(index, state.visibleIDs.count - 1))
        if state.visibleIDs[clamped] != state.browser.selectedID { state.browser.detailCursor = 0 }
        state.select(index: clamped)
        state.clampScroll()
    }

    static func moveDetail(_ state: inout AppState, by delta: Int) {
        let count = state.selectedCredentials.count
        guard count > 0 else { return }
        state.browser.detailCursor = max(0, min(state.browser.detailCursor + delta, count - 1))
    }

    static func openDetail(_ state: inout AppState) -> [Effect] {
        guard let bot = requireSelection(&state) else { return [] }
        state.panes.openDetail()
        pointDetailCursorAtMatch(&state)
        // While the full credential lists are still loading, fetch this bot's own first.
        return state.credentialsLoading ? [.loadOwnerCredentials(owner: bot.id, generation: state.loads.generation)] : []
    }

    /// The credential the filter found is the one under the cursor, so `x` and `R` act on it; with
    /// no match there, the first credential.
    static func pointDetailCursorAtMatch(_ state: inout AppState) {
        let matched = state.browser.selectedID.flatMap { state.matchedCredentialID(for: $0) }
        state.browser.detailCursor = matched.flatMap { id in state.selectedCredentials.firstIndex { $0.id == id } } ?? 0
    }

    static func toggleMark(_ state: inout AppState) {
        guard let id = state.browser.selectedID else { return }
        if state.browser.marked.remove(id) == nil { state.browser.marked.insert(id) }
        moveSelection(&state, by: 1)
    }

    static func helpCommand(_ state: inout AppState, _ help: HelpScreen, _ command: Command) -> [Effect] {
        var help = help
        let page = HelpView.Page(state, help)
        switch command {
        case .moveDown: help.scroll = min(help.scroll + 1, page.maxScroll)
        case .moveUp: help.scroll = max(0, min(help.scroll, page.maxScroll) - 1)
        case .pageDown: help.scroll = min(help.scroll + page.height, page.maxScroll)
        case .pageUp: help.scroll = max(0, min(help.scroll, page.maxScroll) - page.height)
        case .top: help.scroll = 0
        case .bottom: help.scroll = page.maxScroll
        case .back, .cancel, .help:
            state.panes.pop()
            return []
        case .quit: state.ui.quitRequested = true
        default: return []
        }
        state.panes.replaceTop(.help(help))
        return []
    }

    static func secretCommand(_ state: inout AppState, _ secret: SecretDisplay, _ command: Command) -> [Effect] {
        var secret = secret
        switch command {
        case .copy:
            secret.copied = true
            state.panes.replaceTop(.secret(secret))
            state.ui.flash = Flash("Copied to the clipboard (OSC 52); paste it somewhere safe before closing")
            return [.copyToClipboard(secret.secret)]
        case .confirm, .cancel:
            if !secret.copied && !secret.warnedNotCopied {
                // Closing forgets the secret for good; one more press makes sure that is meant.
                secret.warnedNotCopied = true
                state.panes.replaceTop(.secret(secret))
                let copy = state.settings.keymap.say(.copy, in: .secret) { ", or \($0) to copy it" }
                state.ui.flash = Flash("Not copied yet: press again to close and forget it\(copy)", .warning)
                return []
            }
            // Closing the pane is the only place the secret lived: it is gone now. What became of
            // the change (a rotate's old credential, a filter cleared) was said behind the pane:
            // it is said again.
            state.panes.pop()
            let outcome = state.ui.events.entries.last { $0.text.contains(secret.credentialID) }
            state.ui.flash = Flash("The secret is no longer shown anywhere" + (outcome.map { ". " + $0.text } ?? ""), outcome?.level ?? .info)
        default:
            break
        }
        return []
    }

    static func logCommand(_ state: inout AppState, scroll: Int, _ command: Command) -> [Effect] {
        switch command {
        case .moveDown: state.panes.replaceTop(.log(scroll: min(scroll + 1, state.ui.events.entries.count * 4)))
        case .moveUp: state.panes.replaceTop(.log(scroll: max(0, scroll - 1)))
        case .back, .cancel, .eventLog: state.panes.pop()
        case .quit: state.ui.quitRequested = true
        default: break
        }
        return []
    }
}
