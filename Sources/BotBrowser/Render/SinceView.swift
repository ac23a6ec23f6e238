import Essentials
import NgrokAPI

/// The `C` pane: what was created since a time, newest first, two lines an entry (what it is, then
/// its name or description and its owner), the entries of the bot under investigation marked.
enum SinceView {
    static func draw(_ frame: inout Frame, _ state: AppState, _ pane: SincePane, _ area: Rect, _ glyphs: Glyphs) {
        frame.fill(x: area.x, y: area.y, width: area.width, height: area.height, role: .normal)
        frame.fill(x: area.x, y: area.y, width: area.width, height: 1, role: .header)
        let count = if case .loaded(let entries) = pane.phase { ": \(entries.count)" } else { "" }
        let title = " Created since \(TextSanitizer.clean(pane.asked)) (\(APIJSON.formatTimestamp(pane.since)))\(count)"
            + "\(glyphs.separator)bots, API keys, authtokens, SSH keys, newest first"
        frame.put(DisplayWidth.truncate(title, to: area.width, ellipsis: glyphs.ellipsis), x: area.x, y: area.y, role: .header)
        var top = area.y + 1
        if let bot = pane.investigating {
            let legend = "\(glyphs.match) marks \(TextSanitizer.clean(bot.name)) (\(TextSanitizer.clean(bot.id))), the bot you were on, and what it owns"
            frame.put(" " + DisplayWidth.truncate(legend, to: area.width - 2, ellipsis: glyphs.ellipsis), x: area.x, y: top, role: .dim)
            top += 1
        }
        switch pane.phase {
        case .loading:
            frame.put("Asking the server: one filtered listing per resource\(glyphs.ellipsis)", x: area.x + 2, y: top + 1, role: .dim)
        case .failed(let message):
            for (offset, line) in DialogView.wrap("Could not list them: " + TextSanitizer.clean(message), to: area.width - 4).enumerated() {
                frame.put(line, x: area.x + 2, y: top + 1 + offset, role: .error)
            }
        case .loaded(let entries) where entries.isEmpty:
            frame.put("Nothing was created since then.", x: area.x + 2, y: top + 1, role: .dim)
        case .loaded(let entries):
            let body = Rect(x: area.x, y: top, width: area.width, height: area.maxY - top)
            let fits = max(1, body.height / 2)
            let first = max(0, pane.cursor - fits + 1)
            for (offset, index) in (first..<min(entries.count, first + fits)).enumerated() {
                entry(&frame, state, pane, entries[index], y: body.y + 2 * offset, area: body, glyphs: glyphs, selected: index == pane.cursor)
            }
        }
    }

    /// `▶ ◆   12m ago  API key    ak_…   2026-05-28T18:26:40Z`, then `name or "description"  owner: …`.
    static func entry(_ frame: inout Frame, _ state: AppState, _ pane: SincePane, _ entry: CreatedSince.Entry, y: Int, area: Rect,
                      glyphs: Glyphs, selected: Bool) {
        let base: StyleRole = selected ? .selected : .normal
        let right = area.x + area.width
        if selected { frame.fill(x: area.x, y: y, width: area.width, height: 2, role: base) }
        let marked = pane.isInvestigated(entry)
        var x = area.x + frame.put(selected ? glyphs.selector : " ", x: area.x, y: y, width: 2, role: base) + 1
        x += frame.put(marked ? glyphs.match : " ", x: x, y: y, width: 1, role: selected || !marked ? base : .matched) + 1
        let kind = CredentialKind(rawValue: entry.kind)?.singular ?? entry.kind
        let head = RelativeTime.describe(entry.createdAt, now: state.ui.now).leftPadded(to: 8) + "  " + DisplayWidth.fit(kind, to: 9)
            + "  " + TextSanitizer.clean(entry.id)
        x += frame.put(head, x: x, y: y, width: right - x, role: base)
        let time = "  " + APIJSON.formatTimestamp(entry.createdAt)
        if x + DisplayWidth.of(time) <= right { frame.put(time, x: x, y: y, role: selected ? base : .dim) }
        let what = entry.kind == "bot" ? "name: " + TextSanitizer.clean(entry.description)
            : (entry.description.isEmpty ? "(no description)" : "\"\(TextSanitizer.clean(entry.description))\"")
        var second = what + (entry.kind == "bot" ? "" : "\(glyphs.separator)owner: \(owner(entry))")
        if marked { second += "\(glyphs.separator)the bot under investigation" }
        let indent = 6
        frame.put(DisplayWidth.truncate(second, to: area.width - indent - 1, ellipsis: glyphs.ellipsis), x: area.x + indent, y: y + 1,
                  role: selected ? base : .dim)
    }

    /// "bot ci-runner (service_…)", "a person: usr_…", as the `since` command says it.
    static func owner(_ entry: CreatedSince.Entry) -> String {
        if let bot = entry.owner { return "bot \(TextSanitizer.clean(bot.name)) (\(TextSanitizer.clean(bot.id)))" }
        guard let id = entry.ownerID.map(TextSanitizer.clean) else { return "no one" }
        return BotID(id) == nil ? "a person: \(id)" : "bot \(id) (gone)"
    }
}
