import NgrokAPI

extension Reducer {
    static func moveSelection(_ state: inout AppState, by delta: Int) {
        let index = state.selectedIndex ?? 0
        moveSelection(&state, to: index + delta)
    }

    static func moveSelection(_ state: inout AppState, to index: Int) {
        guard !state.visibleIDs.isEmpty else { return }
        let clamped = max(0, min(index, state.visibleIDs.count - 1))
        let id = state.visibleIDs[clamped]
        if id != state.selectedID { state.detailCursor = 0 }
        state.selectedID = id
        state.clampScroll()
    }

    static func moveDetail(_ state: inout AppState, by delta: Int) {
        let count = state.selectedCredentials.count
        guard count > 0 else { return }
        state.detailCursor = max(0, min(state.detailCursor + delta, count - 1))
    }

    static func openDetail(_ state: inout AppState) -> [Effect] {
        guard let bot = requireSelection(&state) else { return [] }
        state.panes.append(.detail)
        state.detailCursor = 0
        // While the full credential lists are still loading, fetch this bot's own first.
        return state.credentialsLoading ? [.loadOwnerCredentials(owner: bot.id, generation: state.generation)] : []
    }

    static func toggleMark(_ state: inout AppState) {
        guard let id = state.selectedID else { return }
        if state.marked.remove(id) == nil { state.marked.insert(id) }
        moveSelection(&state, by: 1)
    }

    static func helpCommand(_ state: inout AppState, _ help: HelpScreen, _ command: Command) -> [Effect] {
        var help = help
        switch command {
        case .moveDown: help.scroll += 1
        case .moveUp: help.scroll = max(0, help.scroll - 1)
        case .back, .cancel, .help:
            state.panes.removeLast()
            return []
        case .quit: return [.quit]
        default: return []
        }
        state.panes[state.panes.count - 1] = .help(help)
        return []
    }

    static func secretCommand(_ state: inout AppState, _ command: Command) -> [Effect] {
        if command == .confirm || command == .cancel {
            // Closing the pane is the only place the secret lived: it is gone now.
            state.panes.removeLast()
            state.flash = Flash("The secret is no longer shown anywhere")
        }
        return []
    }
}
