import NgrokAPI

/// Draws the whole screen for `state` at `size`. Pure: no terminal, no clock, no I/O.
public func render(_ state: AppState, _ size: Size) -> Frame {
    var frame = Frame(size: size)
    guard size.width >= Layout.minimum.width, size.height >= Layout.minimum.height else {
        TooSmallView.draw(&frame, quitKey: state.settings.keymap.keyName(.quit, in: .list))
        return frame
    }
    let glyphs = Glyphs.for(state.settings.display)
    TopBar.draw(&frame, state, glyphs)
    let content = Rect(x: 0, y: 1, width: size.width, height: size.height - Layout.chromeRows + 1)
    let sideBySide = size.width >= Layout.sideBySideWidth
    if sideBySide {
        let detailWidth = Layout.detailWidth(for: size.width)
        let list = Rect(x: 0, y: content.y, width: size.width - detailWidth, height: content.height)
        ListPane.draw(&frame, state, list, glyphs)
        DetailPane.draw(&frame, state, Rect(x: list.width, y: content.y, width: detailWidth, height: content.height), glyphs, border: true)
    } else if state.isDetailOpen {
        DetailPane.draw(&frame, state, content, glyphs, border: false)
    } else {
        ListPane.draw(&frame, state, content, glyphs)
    }
    StatusLine.draw(&frame, state, glyphs)
    switch state.top {
    case .confirm(let dialog): DialogView.confirm(&frame, dialog, state.settings.keymap, glyphs)
    case .prompt(let prompt): DialogView.prompt(&frame, prompt, state.settings.keymap, glyphs)
    case .choice(let menu): DialogView.choice(&frame, menu, state.settings.keymap, glyphs)
    case .secret(let secret): DialogView.secret(&frame, secret, state.settings.keymap, glyphs)
    case .help(let help): HelpView.draw(&frame, state, help, content, glyphs)
    case .log(let scroll): EventLogView.draw(&frame, state, scroll: scroll, content)
    case .since(let pane): SinceView.draw(&frame, state, pane, content, glyphs)
    case .list, .detail, .filter: break
    }
    frame.styleMarkers()
    if state.settings.display.asciiText { frame.replaceNonASCII() }
    return frame
}

enum TooSmallView {
    static func draw(_ frame: inout Frame, quitKey: String?) {
        let size = frame.size
        let lines = [
            "Terminal too small",
            "\(size.width)x\(size.height); needs at least",
            "\(Layout.minimum.width)x\(Layout.minimum.height)",
        ] + (quitKey.map { ["\($0) quits"] } ?? [])
        let top = max(0, (size.height - lines.count) / 2)
        for (offset, line) in lines.enumerated() {
            let text = DisplayWidth.truncate(line, to: size.width)
            frame.put(text, x: max(0, (size.width - DisplayWidth.of(text)) / 2), y: top + offset, role: offset == 0 ? .warning : .normal)
        }
    }
}

enum TopBar {
    static func draw(_ frame: inout Frame, _ state: AppState, _ glyphs: Glyphs) {
        let width = frame.size.width
        let role: StyleRole = state.settings.isProduction ? .titleProduction : .title
        frame.fill(x: 0, y: 0, width: width, height: 1, role: role)
        // What matters most comes first, so a narrow terminal cuts the host, not the filter or the counts.
        var parts = ["ngrok-bots"]
        // Which account this is, before anything else: an admin with several must see which one
        // they are about to change: the profile they chose, and the account the key belongs to.
        if let profile = state.settings.profileName { parts.append("profile: \(TextSanitizer.clean(profile))") }
        if let me = state.account.me { parts.append(TextSanitizer.clean(me.account.name)) }
        let inactive = state.bots.count - state.activeCount
        var counts = "\(state.bots.count) bots\(glyphs.separator)\(state.activeCount) active\(glyphs.separator)\(inactive) inactive"
        // Nothing known is not an empty account, and a refused key is not one either.
        if state.bots.isEmpty && state.loads.progress[.bots]?.phase != .done { counts = "? bots" }
        if state.loads.keyRefused != nil && state.bots.isEmpty { counts = "API key refused" }
        if !state.browser.marked.isEmpty { counts += "\(glyphs.separator)\(state.browser.marked.count) marked" }
        if !state.browser.filterText.isEmpty { parts.append("filter: \(TextSanitizer.clean(state.browser.filterText.trimmed))") }
        parts.append(counts)
        if let cachedAt = state.loads.cachedAt {
            let seconds = Int(state.ui.now.timeIntervalSince(cachedAt))
            let age = seconds < 60 ? "\(max(0, seconds)) s ago" : RelativeTime.describe(cachedAt, now: state.ui.now)
            parts.append("cached list from \(age), refreshing")
        } else if state.loads.isStale, let loadedAt = state.loads.loadedAt {
            let age = RelativeTime.describe(loadedAt, now: state.ui.now)
            parts.append("STALE: list from \(age == "now" ? "under 1m ago" : age)")
        }
        if state.loads.keyRefused == nil, case .failed = state.loads.progress[.bots]?.phase {
            parts.append("the bot list failed to load" + state.settings.keymap.say(.refresh, in: .list) { ", \($0) retries" })
        } else if state.isLoading {
            parts.append(loadingText(state))
        }
        // The host tells two accounts on one machine apart; the people's credentials are a footnote.
        parts.append(state.settings.apiHost)
        if let resource = state.account.resource { parts.append(resource.displayName) }
        if !state.isLoading, state.loads.progress[.bots]?.phase == .done {
            let people = state.peopleCredentialCount
            if people > 0 { parts.append("\(people) people's credential\(people == 1 ? "" : "s") not shown") }
        }
        var badges: [String] = []
        if state.settings.isProduction { badges.append("PRODUCTION") }
        if state.settings.isDemo { badges.append("DEMO") }
        if state.settings.readOnly { badges.append("READ-ONLY") }
        let badgeText = badges.map { "[\($0)]" }.joined(separator: " ")
        let room = width - DisplayWidth.of(badgeText) - 2
        frame.put(" " + DisplayWidth.truncate(parts.joined(separator: glyphs.separator), to: room - 1, ellipsis: glyphs.ellipsis),
                  x: 0, y: 0, width: room, role: role)
        if !badgeText.isEmpty {
            frame.put(badgeText, x: width - DisplayWidth.of(badgeText) - 1, y: 0, role: .badge)
        }
    }

    static func loadingText(_ state: AppState) -> String {
        let done = LoadTarget.allCases.filter { state.loads.progress[$0]?.phase == .done }.count
        let bots = state.loads.progress[.bots]?.items ?? 0
        let credentials = CredentialKind.allCases.reduce(0) { $0 + (state.loads.progress[.credentials($1)]?.items ?? 0) }
        // A wait of a second is the window's pace; a longer one is why nothing moves.
        let wait = state.loads.readsWaitUntil.map { $0.timeIntervalSince(state.ui.now) } ?? 0
        let waiting = wait >= 1.5 ? ", waiting \(Int(wait.rounded(.up))) s for the API" : ""
        return "loading \(done)/\(LoadTarget.allCases.count) lists\(waiting): \(bots) bots, \(credentials) credentials"
    }
}
