/// The two bottom lines: the flash message (or the filter being typed) and the key hints.
enum StatusLine {
    static func draw(_ frame: inout Frame, _ state: AppState, _ glyphs: Glyphs) {
        let width = frame.size.width
        let flashY = frame.size.height - 2
        let hintY = frame.size.height - 1
        if state.top == .filter {
            let prompt = "/" + TextSanitizer.clean(state.filterText)
            let used = frame.put(DisplayWidth.truncate(prompt, to: width - 2, ellipsis: glyphs.ellipsis), x: 0, y: flashY, role: .input)
            frame.cursor = (used, flashY)
            frame.put(DisplayWidth.truncate("  " + state.filterNote, to: max(0, width - used - 1), ellipsis: glyphs.ellipsis),
                      x: used + 1, y: flashY, role: state.visibleIDs.isEmpty && !state.needle.isEmpty ? .warning : .dim)
        } else if let bulk = state.bulk, !bulk.finished {
            frame.put("\(bulk.active ? "Activating" : "Deactivating") \(bulk.done)/\(bulk.total)\(glyphs.ellipsis)", x: 0, y: flashY, role: .info)
        } else if let flash = state.flash {
            let role: StyleRole = switch flash.level {
            case .info: .info
            case .warning: .warning
            case .error: .error
            }
            frame.fill(x: 0, y: flashY, width: width, height: 1, role: role)
            frame.put(DisplayWidth.truncate(TextSanitizer.clean(flash.text), to: width, ellipsis: glyphs.ellipsis), x: 0, y: flashY, role: role)
        }
        frame.fill(x: 0, y: hintY, width: width, height: 1, role: .header)
        frame.put(hintLine(state, width: width), x: 0, y: hintY, role: .header)
    }

    /// As many whole hints as fit: the line never ends in the middle of a word.
    static func hintLine(_ state: AppState, width: Int) -> String {
        var line = ""
        for hint in hintParts(state) {
            let candidate = line.isEmpty ? " " + hint : line + "  " + hint
            if DisplayWidth.of(candidate) > width { break }
            line = candidate
        }
        return line
    }

    /// "? help", "q quit", "/ filter" …, from the registry and the keys in force for this pane.
    static func hintParts(_ state: AppState) -> [String] {
        let context = state.context
        if case .confirm(let dialog) = state.top, dialog.requiredText != nil {
            return ["type the bot's name, then Enter to delete", "Esc cancel"]
        }
        var seen = Set<Command>()
        var parts: [String] = []
        func add(_ binding: KeyBinding) {
            guard let hint = binding.hint, !(state.readOnly && binding.command.isMutating), seen.insert(binding.command).inserted,
                  let key = state.keymap.keys(for: binding.command, in: context).first else { return }
            parts.append("\(key.display) \(hint)")
        }
        // Help first, so it survives truncation; then the pane's own hints, then the global ones.
        KeyBindings.defaults.filter { $0.command == .help && context.chain.contains($0.context) }.forEach(add)
        for step in context.chain {
            KeyBindings.defaults.filter { $0.context == step }.forEach(add)
        }
        return parts
    }
}
