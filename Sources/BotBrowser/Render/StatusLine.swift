/// The two bottom lines: the flash message (or the filter being typed) and the key hints.
enum StatusLine {
    static func draw(_ frame: inout Frame, _ state: AppState, _ glyphs: Glyphs) {
        let width = frame.size.width
        let flashY = frame.size.height - 2
        let hintY = frame.size.height - 1
        if state.top == .filter {
            let prompt = "/" + TextSanitizer.clean(state.browser.filterText)
            let used = frame.put(DisplayWidth.truncate(prompt, to: width - 2, ellipsis: glyphs.ellipsis), x: 0, y: flashY, role: .input)
            frame.cursor = (used, flashY)
            frame.put(DisplayWidth.truncate("  " + state.filterNote, to: max(0, width - used - 1), ellipsis: glyphs.ellipsis),
                      x: used + 1, y: flashY, role: state.visibleIDs.isEmpty && !state.needle.isEmpty ? .warning : .dim)
        } else if let bulk = state.changes.bulk, !bulk.finished {
            frame.put("\(bulk.active ? "Activating" : "Deactivating") \(bulk.done)/\(bulk.total)\(glyphs.ellipsis)", x: 0, y: flashY, role: .info)
        } else if let flash = state.ui.flash {
            let role: StyleRole = switch flash.level {
            case .info: .info
            case .warning: .warning
            case .error: .error
            }
            frame.fill(x: 0, y: flashY, width: width, height: 1, role: role)
            frame.put(fitted(TextSanitizer.clean(flash.text), width: width, state, glyphs), x: 0, y: flashY, role: role)
        }
        frame.fill(x: 0, y: hintY, width: width, height: 1, role: .header)
        frame.put(hintLine(state, width: width, ellipsis: glyphs.ellipsis), x: 0, y: hintY, role: .header)
    }

    /// A message as wide as the line, or cut with the key that shows it whole in the event log
    /// (where `reduce` keeps every message too long for the screen).
    static func fitted(_ text: String, width: Int, _ state: AppState, _ glyphs: Glyphs) -> String {
        guard DisplayWidth.of(text) > width else { return text }
        let whole = state.settings.keymap.say(.eventLog, in: state.context) { " (\($0) shows all)" }
        guard DisplayWidth.of(whole) * 3 < width else { return DisplayWidth.truncate(text, to: width, ellipsis: glyphs.ellipsis) }
        return DisplayWidth.truncate(text, to: width - DisplayWidth.of(whole), ellipsis: glyphs.ellipsis) + whole
    }

    /// As many whole hints as fit, never a word cut: when some must go, the least needed go first
    /// (`droppedFirst`), the others keep their order, and the line ends with `…` (help lists them all).
    /// Help and quit are never dropped.
    static func hintLine(_ state: AppState, width: Int, ellipsis: String = "…") -> String {
        let hints = hintParts(state)
        func line(_ kept: [(command: Command, text: String)], more: Bool) -> String {
            " " + (kept.map(\.text) + (more ? [ellipsis] : [])).joined(separator: "  ")
        }
        var kept = hints
        while DisplayWidth.of(line(kept, more: kept.count < hints.count)) > width {
            // The latest of the least needed, else the last one that is not help or quit.
            let victim = droppedFirst.lazy.compactMap { command in kept.lastIndex { $0.command == command } }.first
                ?? kept.lastIndex { ![.help, .quit].contains($0.command) }
            guard let victim else { break }
            kept.remove(at: victim)
        }
        return line(kept, more: kept.count < hints.count)
    }

    /// The hints that go first when the line is short, in that order: the ones that repeat a key
    /// help also lists and that an incident does not need.
    static let droppedFirst: [Command] = [.eventLog, .refresh, .newBot, .newCredential, .mark, .cycleSort, .activate]

    /// "? help", "q quit", "/ filter" …, from the registry and the keys in force for this pane.
    static func hintParts(_ state: AppState) -> [(command: Command, text: String)] {
        let context = state.context
        if case .confirm(let dialog) = state.top, dialog.requiredText != nil {
            let keys = state.settings.keymap
            let what = dialog.requiredID == nil ? dialog.requiredText ?? "" : "the bot's name"
            let verb = dialog.confirmLabel.lowercased()
            return [(Command.confirm, keys.say(.confirm, in: .confirm, typing: true) { "type \(what), then \($0) to \(verb)" }),
                    (Command.cancel, keys.say(.cancel, in: .confirm, typing: true) { "\($0) cancel" })].filter { !$0.text.isEmpty }
        }
        var seen = Set<Command>()
        var parts: [(command: Command, text: String)] = []
        func add(_ binding: KeyBinding) {
            guard let hint = binding.hint, !(state.settings.readOnly && binding.command.isMutating), seen.insert(binding.command).inserted,
                  let key = state.settings.keymap.keys(for: binding.command, in: context).first else { return }
            parts.append((binding.command, "\(key.display) \(hint)"))
        }
        // Help and quit first, where they are always seen; then the pane's own hints, then the global ones.
        KeyBindings.defaults.filter { [.help, .quit].contains($0.command) && context.chain.contains($0.context) }.forEach(add)
        for step in context.chain {
            KeyBindings.defaults.filter { $0.context == step }.forEach(add)
        }
        return parts
    }
}
