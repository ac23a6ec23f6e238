import Essentials
import NgrokAPI

/// `C`: what was created since a time, the persistence a leaked admin key may have left, and one
/// key from each entry to its bot, so the next step (deactivate, delete the credential, delete the
/// bot) is one key away.
extension Reducer {
    /// The prompt's answer: the time is read as the `since` command reads it, against the clock of
    /// the state, then asked of the server.
    static func submitCreatedSince(_ state: inout AppState, _ prompt: TextPrompt, investigating: BotRef?) -> [Effect] {
        let text = prompt.text.trimmed
        guard let since = SinceTime.parse(text, now: state.ui.now) else {
            var rejected = prompt
            rejected.error = SinceTime.rejection(text)
            state.panes.replaceTop(.prompt(rejected))
            return []
        }
        state.panes.pop()
        state.panes.push(.since(SincePane(since: since, asked: text, investigating: investigating)))
        return [.loadCreatedSince(since)]
    }

    /// The server's answer, kept only by the pane that asked (closed, or asked again, it is dropped).
    static func createdSinceLoaded(_ state: inout AppState, since: Date, _ result: Result<CreatedSince, NgrokError>) {
        guard let index = state.panes.layers.lastIndex(where: { if case .since(let pane) = $0 { pane.since == since } else { false } }),
              case .since(var pane) = state.panes.layers[index] else { return }
        switch result {
        case .success(let found):
            pane.phase = .loaded(found.entries)
        case .failure(let error):
            pane.phase = .failed(error.summary)
            state.ui.flash = Flash("Could not list what was created since \(APIJSON.formatTimestamp(since)): \(error.summary)", .error)
        }
        state.panes.replaceLayer(at: index, with: .since(pane))
    }

    static func sinceCommand(_ state: inout AppState, _ pane: SincePane, _ command: Command) -> [Effect] {
        var pane = pane
        let last = max(0, pane.entries.count - 1)
        let page = max(1, (state.listHeight - 1) / 2)
        switch command {
        case .moveDown: pane.cursor = min(pane.cursor + 1, last)
        case .moveUp: pane.cursor = max(pane.cursor - 1, 0)
        case .pageDown: pane.cursor = min(pane.cursor + page, last)
        case .pageUp: pane.cursor = max(pane.cursor - page, 0)
        case .confirm: return goToBot(&state, pane)
        case .back, .cancel, .createdSince:
            state.panes.pop()
            return []
        case .quit:
            state.ui.quitRequested = true
            return []
        default:
            return []
        }
        state.panes.replaceTop(.since(pane))
        return []
    }

    /// Selects the entry's bot in the list and closes the pane; a credential opens the bot's detail
    /// with the cursor on it. A bot the list has not reached yet (a large account still loading)
    /// is added from the server's answer; a filter that hides it is cleared.
    static func goToBot(_ state: inout AppState, _ pane: SincePane) -> [Effect] {
        guard let entry = pane.entryUnderCursor else { return [] }
        guard let found = entry.botOrOwner else {
            let owner = entry.ownerID.map { BotID($0) == nil ? "a person (\($0))" : "bot \($0), which is gone" } ?? "no one"
            state.ui.flash = Flash("\(entry.id) is owned by \(owner): there is no bot to go to", .warning)
            return []
        }
        state.panes.pop()
        if state.bots[found.id] == nil { state.upsertBots([found]) }
        if let credential = entry.credential, state.account.owner(ofCredential: credential.id) == nil { state.account.insert(credential) }
        state.refreshVisible()
        if !state.visibleIDs.contains(found.id) && !state.browser.filterText.isEmpty {
            state.browser.filterText = ""
            state.refreshVisible()
        }
        let bot = state.bots[found.id] ?? found
        if state.browser.selectedID != bot.id { state.browser.detailCursor = 0 }
        state.browser.selectedID = bot.id
        state.clampScroll()
        var effects: [Effect] = []
        if let credential = entry.credential {
            if !state.isDetailOpen {
                state.panes.openDetail()
                if state.credentialsLoading { effects.append(.loadOwnerCredentials(owner: bot.id, generation: state.loads.generation)) }
            }
            state.browser.detailCursor = state.selectedCredentials.firstIndex { $0.id == credential.id } ?? 0
        }
        state.ui.flash = Flash(nextSteps(state, bot: bot, credential: entry.credential))
        return effects
    }

    /// "On ci-runner-eu-03: D deactivates it, x deletes ak_…, d deletes the bot", with the keys in force.
    private static func nextSteps(_ state: AppState, bot: BotUser, credential: Credential?) -> String {
        let context = state.context
        func key(_ command: Command) -> String? { state.settings.keymap.keys(for: command, in: context).first?.display }
        var steps: [String] = []
        if let key = key(.deactivate) { steps.append("\(key) deactivates it") }
        if let credential, let key = key(.deleteCredential) { steps.append("\(key) deletes \(credential.id)") }
        if let key = key(.deleteBot) { steps.append("\(key) deletes the bot") }
        // The status line cleans what it draws (the name is the server's text).
        return steps.isEmpty || state.settings.readOnly ? "On \(bot.name)" : "On \(bot.name): " + steps.joined(separator: ", ")
    }
}
