/// Every key of the pane where `?` was pressed, generated from the keymap in force and the
/// registry's descriptions, so help can never disagree with what the keys do.
public enum HelpView {
    static func draw(_ frame: inout Frame, _ state: AppState, _ help: HelpScreen, _ area: Rect, _ glyphs: Glyphs) {
        frame.fill(x: area.x, y: area.y, width: area.width, height: area.height, role: .normal)
        let lines = HelpView.lines(keymap: state.keymap, context: help.context, readOnly: state.readOnly)
        let title = " Keys: \(help.context.rawValue)" + (state.readOnly ? " (read-only: no key changes the account)" : "")
        frame.fill(x: area.x, y: area.y, width: area.width, height: 1, role: .header)
        frame.put(title, x: area.x, y: area.y, role: .header)
        let body = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
        let scroll = min(help.scroll, max(0, lines.count - body.height))
        for (offset, line) in lines.dropFirst(scroll).prefix(body.height).enumerated() {
            frame.put(" " + line, x: body.x, y: body.y + offset, width: body.width, role: line.hasSuffix(":") ? .title : .normal)
        }
    }

    /// "  j, Down         Select the next bot", grouped by context.
    public static func lines(keymap: Keymap, context: KeyContext, readOnly: Bool = false) -> [String] {
        var lines: [String] = []
        for step in context.chain {
            let commands = orderedCommands(in: step, keymap: keymap).filter { !(readOnly && $0.isMutating) }
            guard !commands.isEmpty else { continue }
            if !lines.isEmpty { lines.append("") }
            lines.append(step == .global ? "Everywhere:" : "\(step.rawValue.capitalizedFirst):")
            for command in commands {
                let keys = keymap.keys(for: command, in: context).filter { keymap.table[step]?[$0] == command }
                guard !keys.isEmpty else { continue }
                let keyText = keys.map(\.display).joined(separator: ", ")
                lines.append("  " + DisplayWidth.fit(keyText, to: 18) + " " + description(of: command, in: step))
            }
        }
        return lines
    }

    /// Commands bound in `context`, in the registry's order, then any the user added.
    static func orderedCommands(in context: KeyContext, keymap: Keymap) -> [Command] {
        let bound = Set((keymap.table[context] ?? [:]).values)
        var ordered = KeyBindings.defaults.filter { $0.context == context && bound.contains($0.command) }.map(\.command)
        ordered += bound.subtracting(ordered).sorted { $0.rawValue < $1.rawValue }
        var seen = Set<Command>()
        return ordered.filter { seen.insert($0).inserted }
    }

    static func description(of command: Command, in context: KeyContext) -> String {
        KeyBindings.defaults.first { $0.context == context && $0.command == command }?.description
            ?? KeyBindings.defaults.first { $0.command == command }?.description
            ?? command.rawValue
    }
}
