/// Every key of the pane where `?` was pressed, generated from the keymap in force and the
/// registry's descriptions, so help can never disagree with what the keys do.
public enum HelpView {
    static func draw(_ frame: inout Frame, _ state: AppState, _ help: HelpScreen, _ area: Rect, _ glyphs: Glyphs) {
        frame.fill(x: area.x, y: area.y, width: area.width, height: area.height, role: .normal)
        let page = Page(state, help)
        let title = " Keys: \(help.context.rawValue)" + (state.settings.readOnly ? " (read-only: no key changes the account)" : "")
        frame.fill(x: area.x, y: area.y, width: area.width, height: 1, role: .header)
        frame.put(title, x: area.x, y: area.y, role: .header)
        let scroll = min(help.scroll, page.maxScroll)
        for (offset, line) in page.lines.dropFirst(scroll).prefix(page.height).enumerated() {
            frame.put(" " + line, x: area.x, y: area.y + 1 + offset, width: area.width, role: line.hasSuffix(":") ? .title : .normal)
        }
        guard page.scrolls else { return }
        // What is hidden, and how to reach it, on the last row: a section below the screen is never silently cut.
        let keymap = state.settings.keymap
        let keys = [(Command.moveDown, Command.moveUp), (.pageDown, .pageUp)].compactMap { down, up -> String? in
            guard let d = keymap.keyName(down, in: .help), let u = keymap.keyName(up, in: .help) else { return nil }
            return "\(d)/\(u)"
        }
        let shown = min(page.lines.count, scroll + page.height)
        let hint = "lines \(scroll + 1)-\(shown) of \(page.lines.count)" + (keys.isEmpty ? "" : ": \(keys.joined(separator: " or ")) scroll")
        frame.put(" " + DisplayWidth.truncate(hint, to: area.width - 2, ellipsis: glyphs.ellipsis), x: area.x, y: area.y + area.height - 1, role: .info)
    }

    /// The help text wrapped to the screen, and how many of its lines a screen shows: the reducer
    /// scrolls by it, so a scroll never runs past the end.
    struct Page {
        var lines: [String]
        /// Rows for text (one fewer than the body when the last row says how to scroll).
        var height: Int
        var scrolls: Bool
        var maxScroll: Int { max(0, lines.count - height) }

        init(_ state: AppState, _ help: HelpScreen) {
            let width = state.ui.screen.width
            lines = HelpView.lines(keymap: state.settings.keymap, context: help.context, readOnly: state.settings.readOnly, width: width - 1)
            // The body is the content area below the help's title row.
            let body = max(1, state.ui.screen.height - Layout.chromeRows)
            scrolls = lines.count > body
            height = scrolls ? max(1, body - 1) : body
        }
    }

    /// Where descriptions start: two spaces, the keys' column and a space.
    static let keyColumn = 2 + 18 + 1

    /// "  j, Down         Select the next bot", grouped by context. With a `width`, a long
    /// description wraps under itself, between words.
    public static func lines(keymap: Keymap, context: KeyContext, readOnly: Bool = false, width: Int? = nil) -> [String] {
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
                let entry = "  " + DisplayWidth.fit(keyText, to: 18) + " " + description(of: command, in: step)
                guard let width, width - keyColumn > 20 else {
                    lines.append(entry)
                    continue
                }
                let hanging = String(repeating: " ", count: keyColumn)
                let wrapped = DialogView.wrap(hanging + description(of: command, in: step), to: width)
                lines.append(String(entry.prefix(keyColumn)) + wrapped[0].dropFirst(keyColumn))
                lines += wrapped.dropFirst()
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
