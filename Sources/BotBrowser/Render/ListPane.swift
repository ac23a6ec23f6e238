import NgrokAPI

/// The bot list: one row per visible bot, a header, the selected row highlighted.
enum ListPane {
    struct Columns {
        var stateWidth: Int
        var nameWidth: Int
        var idWidth: Int
        static let markWidth = 2
        static let countWidth = 5
        static let createdWidth = 8
    }

    /// `bot_` and 27 characters, and two spaces; `service_…` ids are four longer (`columns`).
    static let fullIDWidth = 33
    static let shortIDWidth = 17

    /// `bot_ioKxcT…dl5TL`: the start and the end of an id, for a narrow column.
    static func shortID(_ id: String, ellipsis: String) -> String {
        id.count <= shortIDWidth - 2 ? id : String(id.prefix(10)) + ellipsis + String(id.suffix(4))
    }

    /// `longestID`: the longest id of the rows drawn, so the whole-id column fits the account's
    /// spelling (`service_…` is 35 characters).
    static func columns(width: Int, options: DisplayOptions, longestID: Int = 0) -> Columns {
        let stateWidth = Glyphs.state(active: true, options: options).count + 1
        // Three credential counts and the live session count.
        let fixed = Columns.markWidth + stateWidth + 4 * Columns.countWidth + Columns.createdWidth + 2
        let flexible = width - fixed
        // Ids are 31 or 35 characters: whole when the name keeps a useful width beside them, else
        // shortened to their ends (enough to recognise one), else left to the detail pane.
        // (21 beside a short id: with the LIVE column, a 120-column screen with the detail pane keeps its ids.)
        // The minimums count a one-glyph state column: state words ("OFF", without colour or
        // Unicode) say the same thing wider, so their extra columns come out of the name's minimum,
        // not out of the id (the id is what an incident is worked from).
        let wordsExtra = stateWidth - 2
        let fullIDWidth = max(Self.fullIDWidth, longestID + 2)
        let idWidth = flexible >= 24 - wordsExtra + fullIDWidth ? fullIDWidth
            : (flexible >= 21 - wordsExtra + shortIDWidth ? shortIDWidth : 0)
        return Columns(stateWidth: stateWidth, nameWidth: max(8, flexible - idWidth), idWidth: idWidth)
    }

    static func draw(_ frame: inout Frame, _ state: AppState, _ area: Rect, _ glyphs: Glyphs) {
        let rowsArea = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
        let ids = state.visibleIDs.dropFirst(state.browser.listScroll).prefix(rowsArea.height)
        let columns = columns(width: area.width, options: state.settings.display, longestID: ids.map(\.utf8.count).max() ?? 0)
        header(&frame, area, columns, sort: state.browser.sort, glyphs: glyphs)
        guard !state.visibleIDs.isEmpty else {
            // Wrapped, not cut: its end says what could not be searched yet.
            let lines = DialogView.wrap(emptyMessage(state), to: max(1, area.width - 4)).prefix(max(0, rowsArea.height - 1))
            for (offset, line) in lines.enumerated() {
                frame.put(line, x: area.x + 2, y: rowsArea.y + 1 + offset, width: area.width - 4, role: .dim)
            }
            return
        }
        let focused = state.top == .list || state.top == .filter || !state.isDetailOpen
        for (offset, id) in ids.enumerated() {
            guard let bot = state.bots[id] else { continue }
            row(&frame, state, bot, y: rowsArea.y + offset, area: area, columns: columns, glyphs: glyphs,
                selected: id == state.browser.selectedID, focused: focused)
        }
    }

    static func header(_ frame: inout Frame, _ area: Rect, _ columns: Columns, sort: SortOrder, glyphs: Glyphs) {
        frame.fill(x: area.x, y: area.y, width: area.width, height: 1, role: .header)
        var x = area.x + Columns.markWidth + columns.stateWidth
        x += frame.put(DisplayWidth.fit(nameTitle(sort, width: columns.nameWidth - 2), to: columns.nameWidth), x: x, y: area.y, role: .header)
        if columns.idWidth > 0 { x += frame.put(DisplayWidth.fit("ID", to: columns.idWidth), x: x, y: area.y, role: .header) }
        for title in ["KEYS", "TOKNS", "SSH", "LIVE"] {
            x += frame.put(title.leftPadded(to: Columns.countWidth - 1) + " ", x: x, y: area.y, role: .header)
        }
        frame.put(" CREATED", x: x, y: area.y, role: .header)
    }

    /// "NAME  sorted by newest": the order stays on screen after the flash that announced it goes,
    /// in the longest wording the column has room for (two columns short of it, so the words do
    /// not run into the ID column's title).
    static func nameTitle(_ sort: SortOrder, width: Int) -> String {
        let short = switch sort {
        case .name: "name"
        case .created: "newest"
        case .state: "inactive"
        case .credentials: "creds"
        }
        return ["NAME  sorted by \(sort.label)", "NAME  by \(sort.label)", "NAME (by \(short))", "NAME (\(short))"]
            .first { DisplayWidth.of($0) <= width } ?? "NAME"
    }

    static func row(_ frame: inout Frame, _ state: AppState, _ bot: BotUser, y: Int, area: Rect, columns: Columns,
                    glyphs: Glyphs, selected: Bool, focused: Bool) {
        // An out-of-date list stays on screen, dimmed, until a load succeeds.
        let base: StyleRole = selected ? (focused ? .selected : .selectedUnfocused) : (state.loads.isStale ? .dim : .normal)
        if selected { frame.fill(x: area.x, y: y, width: area.width, height: 1, role: base) }
        var x = area.x
        let isMarked = state.browser.marked.contains(bot.id)
        x += frame.put((isMarked ? glyphs.mark : " ") + " ", x: x, y: y, width: Columns.markWidth, role: selected ? base : (isMarked ? .marked : base))
        let stateRole: StyleRole = state.changes.pending[bot.id] != nil ? .pending : (bot.active ? .active : .inactive)
        frame.put(Glyphs.state(active: bot.active, options: state.settings.display), x: x, y: y, role: selected ? base : stateRole)
        x += columns.stateWidth
        var name = TextSanitizer.clean(bot.name)
        if let pending = PendingNote.text(state, botID: bot.id, ellipsis: glyphs.ellipsis) { name += "  (\(pending))" }
        let note = state.matchNote(for: bot.id)
        if let note { name += "  \(glyphs.match) " + TextSanitizer.clean(note) }
        // What matched (a credential's id and description, a session) says more than the bot's id,
        // so the note takes the ID column too rather than squeezing into the name's.
        let textWidth = columns.nameWidth + (note != nil ? columns.idWidth : 0)
        x += frame.put(DisplayWidth.fit(name, to: textWidth - 1, ellipsis: glyphs.ellipsis) + " ", x: x, y: y, role: base)
        if columns.idWidth > 0 && note == nil {
            let id = columns.idWidth > shortIDWidth ? bot.id : shortID(bot.id, ellipsis: glyphs.ellipsis)
            x += frame.put(DisplayWidth.fit(id, to: columns.idWidth, ellipsis: glyphs.ellipsis), x: x, y: y, role: selected ? base : .dim)
        }
        for kind in CredentialKind.allCases {
            let text = state.knownCount(of: bot.id, kind).map(String.init) ?? "?"
            x += frame.put(text.leftPadded(to: Columns.countWidth - 1) + " ", x: x, y: y, role: base)
        }
        // Live agent sessions on the bot's authtokens and SSH keys; `?` until they have loaded.
        let live = state.sessionCount(of: bot.id)
        x += frame.put((live.map(String.init) ?? "?").leftPadded(to: Columns.countWidth - 1) + " ", x: x, y: y,
                       role: selected ? base : (live ?? 0 > 0 ? .live : base))
        frame.put(" " + RelativeTime.describe(bot.createdAt, now: state.ui.now), x: x, y: y, width: Columns.createdWidth + 1, role: selected ? base : .dim)
    }

    static func emptyMessage(_ state: AppState) -> String {
        if state.bots.isEmpty && state.loads.progress[.bots]?.isLoading == true { return "Loading bots…" }
        if state.bots.isEmpty, case .failed(let message) = state.loads.progress[.bots]?.phase { return "Could not load bots: \(message)" }
        if !state.needle.isEmpty {
            if let note = state.personOwnedNote { return note }
            let shown = "\"\(TextSanitizer.clean(state.browser.filterText.trimmed))\""
            if let caveat = state.searchCaveat { return "No match for \(shown) yet: \(caveat)" }
            return "No bot matches \(shown)" + state.settings.keymap.say(.back, in: .list) { " (\($0) clears the filter)" }
        }
        let create = state.settings.keymap.say(.newBot, in: .list) { " Press \($0) to create one." }
        return "This account has no bots." + create
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        let w = DisplayWidth.of(self)
        return w >= width ? self : String(repeating: " ", count: width - w) + self
    }
}
