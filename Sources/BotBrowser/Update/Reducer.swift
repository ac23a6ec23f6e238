import Foundation
import NgrokAPI

/// The one place the state changes. Pure: the same state and action give the same result and the
/// same effects; the effect runner does the rest.
public func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
    let filterBefore = state.filterText
    var effects = reduceAction(&state, action)
    // However the filter changed (typed, pasted, edited), a complete id in it is asked for at once.
    if state.filterText != filterBefore { effects += Reducer.lookUpIfID(&state) }
    return effects
}

private func reduceAction(_ state: inout AppState, _ action: Action) -> [Effect] {
    switch action {
    case .key(let key):
        return Reducer.handleKey(&state, key)
    case .command(let command):
        return Reducer.run(&state, command)
    case .resized(let size):
        state.screen = size
        state.clampScroll()
        return []
    case .tick(let now):
        state.now = now
        return []
    case .start:
        return Reducer.startLoad(&state)
    case .cacheLoaded(let account):
        Reducer.showCached(&state, account)
        return []
    case .resourceResolved(let resource):
        state.resource = resource
        return []
    case let .botsPage(generation, bots):
        return Reducer.botsPage(&state, generation: generation, bots)
    case let .credentialsPage(generation, kind, credentials):
        Reducer.credentialsPage(&state, generation: generation, kind: kind, credentials)
        return []
    case let .ownerCredentials(generation, owner, kind, credentials):
        guard generation == state.generation else { return [] }
        state.credentials.replace(owner: owner, kind: kind, with: credentials)
        state.recomputeVisible()
        Reducer.pointDetailCursor(&state)
        return []
    case let .listFinished(generation, target):
        return Reducer.listFinished(&state, generation: generation, target)
    case let .listFailed(generation, target, error):
        guard generation == state.generation else { return [] }
        state.progress[target, default: ListProgress()].phase = .failed(error.summary)
        state.lastError = "Loading \(target.label) failed: \(error.summary)"
        state.flash = Flash(state.lastError!, .error)
        return Reducer.afterBotList(&state, target)
    case let .activeSet(bot, active, result, bulk):
        Reducer.activeSet(&state, bot, active: active, result, bulk: bulk)
        return []
    case let .botDeleted(bot, result):
        Reducer.botDeleted(&state, bot, result)
        return []
    case let .botCreated(name, result):
        return Reducer.botCreated(&state, name: name, result)
    case let .botRenamed(bot, name, result):
        Reducer.botRenamed(&state, bot, name: name, result)
        return []
    case let .credentialCreated(kind, owner, result):
        return Reducer.credentialCreated(&state, kind, owner: owner, result)
    case let .credentialDeleted(credential, result):
        Reducer.credentialDeleted(&state, credential, result)
        return []
    case let .credentialsFound(query, found):
        Reducer.credentialsFound(&state, query: query, found)
        return []
    case .throttled(let wait):
        // Noted, not an error: the client waits as told and goes on.
        state.throttleCount += 1
        if state.flash?.level != .error {
            state.flash = Flash("Throttled by the API, waiting \(Int((wait / .seconds(1)).rounded(.up))) s", .warning)
        }
        return []
    case let .lookupFinished(id, result):
        return Reducer.lookupFinished(&state, id: id, result)
    }
}

/// The reducer's parts, one extension per concern (keys, navigation, loading, mutations).
enum Reducer {
    /// Routes a key: text fields take printable keys first, then the keymap of the pane on top.
    static func handleKey(_ state: inout AppState, _ key: KeyName) -> [Effect] {
        if let text = key.typedText, acceptsText(state) {
            insertText(&state, text)
            return []
        }
        guard let command = state.keymap.command(for: key, in: state.context) else { return [] }
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
        if command.isMutating && state.readOnly {
            state.flash = Flash("Read-only mode: \(command.rawValue) is not available", .warning)
            return []
        }
        // A keypress retires an info message; an error stays until Esc or a newer message, so a
        // failure is not lost to the next cursor move.
        if state.flash?.level != .error || command == .back || command == .cancel { state.flash = nil }
        switch state.top {
        case .filter: return filterCommand(&state, command)
        case .confirm(let dialog): return confirmCommand(&state, dialog, command)
        case .prompt(let prompt): return promptCommand(&state, prompt, command)
        case .choice(let menu): return choiceCommand(&state, menu, command)
        case .secret: return secretCommand(&state, command)
        case .help(let help): return helpCommand(&state, help, command)
        case .list, .detail: return browseCommand(&state, command)
        }
    }

    static func browseCommand(_ state: inout AppState, _ command: Command) -> [Effect] {
        let inDetail = state.top == .detail
        switch command {
        case .moveDown: inDetail ? moveDetail(&state, by: 1) : moveSelection(&state, by: 1)
        case .moveUp: inDetail ? moveDetail(&state, by: -1) : moveSelection(&state, by: -1)
        case .pageDown: moveSelection(&state, by: state.listHeight)
        case .pageUp: moveSelection(&state, by: -state.listHeight)
        case .halfPageDown: moveSelection(&state, by: max(1, state.listHeight / 2))
        case .halfPageUp: moveSelection(&state, by: -max(1, state.listHeight / 2))
        case .top: inDetail ? (state.detailCursor = 0) : moveSelection(&state, to: 0)
        case .bottom: inDetail ? moveDetail(&state, by: Int.max / 2) : moveSelection(&state, to: state.visibleIDs.count - 1)
        case .openDetail: return openDetail(&state)
        case .back:
            if inDetail {
                state.panes.removeLast()
            } else if !state.filterText.isEmpty {
                state.filterText = ""
                state.flash = Flash("Filter cleared")
            }
        case .filter: state.panes.append(.filter)
        case .cycleSort:
            state.sort = state.sort.next
            state.flash = Flash("Sorted by \(state.sort.label)")
        case .mark: toggleMark(&state)
        case .markAllVisible:
            state.marked.formUnion(state.visibleIDs)
            state.flash = Flash("\(state.marked.count) marked")
        case .clearMarks:
            state.marked.removeAll()
            state.flash = Flash("No bots marked")
        case .toggleActive: openToggleActive(&state)
        case .deleteBot: openDeleteBot(&state)
        case .deactivateMarked: openBulk(&state, active: false)
        case .activateMarked: openBulk(&state, active: true)
        case .newBot: openPrompt(&state, .createBot)
        case .renameBot:
            if let bot = requireSelection(&state) { openPrompt(&state, .renameBot(BotRef(bot))) }
        case .newCredential:
            if let bot = requireSelection(&state) {
                state.panes.append(.choice(ChoiceMenu(owner: BotRef(bot), title: "New credential for \(bot.name)")))
            }
        case .deleteCredential: openDeleteCredential(&state)
        case .refresh: return startLoad(&state)
        case .help: state.panes.append(.help(HelpScreen(context: state.context)))
        case .quit: return [.quit]
        default: break
        }
        return []
    }

    static func requireSelection(_ state: inout AppState) -> BotUser? {
        guard let bot = state.selectedBot else {
            state.flash = Flash("No bot selected", .warning)
            return nil
        }
        return bot
    }
}
