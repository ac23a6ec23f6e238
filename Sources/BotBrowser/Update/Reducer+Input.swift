import NgrokAPI

extension Reducer {
    /// A printable key typed into the filter, a prompt or a typed confirmation.
    static func insertText(_ state: inout AppState, _ text: String) {
        editText(&state) { $0 += text }
    }

    static func editText(_ state: inout AppState, _ edit: (inout String) -> Void) {
        switch state.top {
        case .filter:
            edit(&state.browser.filterText)
        case .prompt(var prompt):
            edit(&prompt.text)
            prompt.error = nil
            state.panes.replaceTop(.prompt(prompt))
        case .confirm(var dialog) where dialog.requiredText != nil:
            edit(&dialog.typed)
            state.panes.replaceTop(.confirm(dialog))
        default:
            break
        }
    }

    /// A bracketed paste is text, never commands. In the list or detail it opens the filter with
    /// the text (an id pasted without `/` first finds its bot instead of pressing keys); in a text
    /// field it is typed; a confirm dialog or menu ignores it, so a paste can never answer one.
    static func paste(_ state: inout AppState, _ text: String) -> [Effect] {
        let line = String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 }).trimmed
        switch state.top {
        case .list, .detail:
            guard !line.isEmpty else { return [] }
            state.panes.push(.filter)
            state.browser.filterText = line
        case .filter:
            state.browser.filterText = state.browser.filterText.isEmpty ? line : state.browser.filterText + line
        case .prompt:
            insertText(&state, line)
        case .confirm, .choice, .secret:
            state.ui.flash = Flash("Paste ignored: a dialog is answered with keys, not pasted text", .warning)
        case .help, .log, .since:
            break
        }
        return []
    }

    static func filterCommand(_ state: inout AppState, _ command: Command) -> [Effect] {
        switch command {
        case .confirm:
            state.panes.pop()
            // Kept over the detail pane: the detail shows the selected bot, with its cursor on what
            // matched, never on a credential that merely was first.
            if state.top == .detail {
                state.refreshVisible()
                pointDetailCursorAtMatch(&state)
            }
            let asked = lookUpIfID(&state) + searchOnServer(&state)
            if let lookup = state.browser.lookup, lookup.id == state.browser.filterText.trimmed {
                state.ui.flash = lookup.message(bots: state.bots)
            } else if !state.needle.isEmpty {
                state.ui.flash = state.searchFlash ?? filterSummary(state)
            }
            return asked
        case .cancel:
            state.browser.filterText = ""
            state.panes.pop()
        case .deleteBackward: editText(&state) { if !$0.isEmpty { $0.removeLast() } }
        case .clearInput: editText(&state) { $0 = "" }
        case .moveDown: moveSelection(&state, by: 1)
        case .moveUp: moveSelection(&state, by: -1)
        default: break
        }
        return []
    }

    /// "3 of 400 bots match …", with what may be missing when nothing matched.
    static func filterSummary(_ state: AppState) -> Flash {
        let shown = TextSanitizer.clean(state.browser.filterText.trimmed)
        if state.visibleIDs.isEmpty, let note = state.personOwnedNote { return Flash(note, .warning) }
        let text = "\(state.visibleIDs.count) of \(state.bots.count) bots match \"\(shown)\""
        if state.visibleIDs.isEmpty, let caveat = state.searchCaveat {
            return Flash("No match so far: \(caveat)", .warning)
        }
        return Flash(text)
    }

    static func choiceCommand(_ state: inout AppState, _ menu: ChoiceMenu, _ command: Command) -> [Effect] {
        let kind: CredentialKind
        switch command {
        case .chooseAPIKey: kind = .apiKey
        case .chooseAuthtoken: kind = .authtoken
        case .chooseSSHKey: kind = .sshCredential
        case .cancel:
            state.panes.pop()
            return []
        default: return []
        }
        state.panes.pop()
        openPrompt(&state, .createCredential(kind, owner: menu.owner))
        return []
    }

    static func openPrompt(_ state: inout AppState, _ purpose: TextPrompt.Purpose, text: String? = nil, error: String? = nil) {
        let prompt: TextPrompt
        switch purpose {
        case .createBot:
            prompt = TextPrompt(purpose: purpose, title: "New bot", label: "Name", text: text ?? "", error: error)
        case .renameBot(let bot):
            prompt = TextPrompt(purpose: purpose, title: "Rename \(bot.name)", label: "New name", text: text ?? bot.name, error: error)
        case .createCredential(let kind, let owner):
            let label = kind == .sshCredential ? "Public key (ssh-… or ecdsa-…)" : "Description"
            prompt = TextPrompt(purpose: purpose, title: "New \(kind.singular) for \(owner.name)", label: label, text: text ?? "", error: error)
        case .createdSince:
            prompt = TextPrompt(purpose: purpose, title: "What was created since? (30m, 2h, 1d, or an RFC 3339 time)", label: "since",
                                text: text ?? "", error: error)
        }
        state.panes.push(.prompt(prompt))
    }

    static func promptCommand(_ state: inout AppState, _ prompt: TextPrompt, _ command: Command) -> [Effect] {
        switch command {
        case .cancel:
            state.panes.pop()
        case .deleteBackward:
            editText(&state) { if !$0.isEmpty { $0.removeLast() } }
        case .clearInput:
            editText(&state) { $0 = "" }
        case .confirm:
            return submitPrompt(&state, prompt)
        default:
            break
        }
        return []
    }

    static func submitPrompt(_ state: inout AppState, _ prompt: TextPrompt) -> [Effect] {
        let text = prompt.text.trimmed
        var rejected = prompt
        switch prompt.purpose {
        case .createBot, .renameBot:
            if let problem = Validation.botName(text) {
                rejected.error = problem
                state.panes.replaceTop(.prompt(rejected))
                return []
            }
            state.panes.pop()
            if case .renameBot(let bot) = prompt.purpose { return send([.renameBot(bot, name: text)], &state) }
            return send([.createBot(name: text)], &state)
        case .createCredential(let kind, let owner):
            var publicKey: String?
            if kind == .sshCredential {
                if let problem = Validation.publicKey(text) {
                    rejected.error = problem
                    state.panes.replaceTop(.prompt(rejected))
                    return []
                }
                publicKey = text
            }
            state.panes.pop()
            return send([.createCredential(kind, owner: owner, description: kind == .sshCredential ? "" : text, publicKey: publicKey)], &state)
        case .createdSince(let investigating):
            return submitCreatedSince(&state, prompt, investigating: investigating)
        }
    }
}

/// Checks made before anything is sent.
public enum Validation {
    public static func botName(_ name: String) -> String? {
        if name.isEmpty { return "A name is required" }
        if name.utf8.count > 255 { return "At most 255 bytes (this is \(name.utf8.count))" }
        return nil
    }

    public static func publicKey(_ key: String) -> String? {
        let parts = key.split(separator: " ")
        guard parts.count >= 2, parts[0].hasPrefix("ssh-") || parts[0].hasPrefix("ecdsa-") else {
            return "Paste an OpenSSH public key: ssh-ed25519 AAAA… or ecdsa-sha2-… AAAA…"
        }
        guard parts[1].count >= 16, parts[1].allSatisfy({ $0.isLetter || $0.isNumber || "+/=".contains($0) }) else {
            return "The key's second field must be its base64 data"
        }
        return nil
    }
}
