import NgrokAPI

/// The selected bot's fields and its credentials, in three sections.
enum DetailPane {
    static func draw(_ frame: inout Frame, _ state: AppState, _ area: Rect, _ glyphs: Glyphs, border: Bool) {
        var area = area
        if border {
            for y in area.y..<area.maxY { frame.put(String(glyphs.vertical), x: area.x, y: y, role: .border) }
            area.x += 1
            area.width -= 1
        }
        let focused = state.top == .detail || (state.isDetailOpen && !border)
        frame.fill(x: area.x, y: area.y, width: area.width, height: 1, role: .header)
        guard let bot = state.selectedBot else {
            frame.put(" DETAIL", x: area.x, y: area.y, role: .header)
            frame.put("No bot selected", x: area.x + 1, y: area.y + 2, role: .dim)
            return
        }
        frame.put(" " + DisplayWidth.truncate(TextSanitizer.clean(bot.name), to: area.width - 2, ellipsis: glyphs.ellipsis),
                  x: area.x, y: area.y, width: area.width, role: .header)
        var lines: [(text: String, role: StyleRole, credentialIndex: Int?)] = []
        let stateText = (bot.active ? "active" : "inactive") + (PendingNote.text(state, botID: bot.id, ellipsis: glyphs.ellipsis).map { " (\($0))" } ?? "")
        lines.append(("id       \(bot.id)", .normal, nil))
        lines.append(("state    \(stateText)", state.changes.pending[bot.id] != nil ? .pending : (bot.active ? .active : .inactive), nil))
        lines.append(("created  \(APIJSON.formatTimestamp(bot.createdAt)) (\(RelativeTime.describe(bot.createdAt, now: state.ui.now)))", .normal, nil))
        let live = SessionLines.summary(state, bot.id)
        lines.append(("live     \(live.text)", live.role, nil))
        // Session lines belong to no credential index: the cursor is on them through `detailSessionID`.
        let sessionUnderCursor = focused ? state.selectedSession?.id : nil
        var sessionOfLine: [Int: String] = [:]
        let credentials = state.selectedCredentials
        // The credential the filter found (a pasted leaked id) is marked; the cursor has its own glyph.
        let matchedID = state.matchedCredentialID(for: bot.id)
        var index = 0
        for kind in CredentialKind.allCases {
            let ofKind = credentials.filter { $0.kind == kind }
            lines.append(("", .normal, nil))
            lines.append(("\(kind.plural.capitalizedFirst) (\(countText(state, bot.id, kind)))", .title, nil))
            if ofKind.isEmpty { lines.append((state.knownCount(of: bot.id, kind) == nil ? "  not known yet" : "  none", .dim, nil)) }
            for credential in ofKind {
                let matched = credential.id == matchedID
                let cursor = focused && index == state.browser.detailCursor && sessionUnderCursor == nil
                // One column, so a whole id still fits: the cursor wins; the match keeps its own line below.
                let marker = cursor ? glyphs.selector : (matched ? glyphs.match : " ")
                lines.append(("\(marker) \(credential.id)  \(RelativeTime.describe(credential.createdAt, now: state.ui.now))",
                              matched ? .matched : .normal, index))
                if matched { lines.append(("    (filter match)", .matched, index)) }
                if credential.id == state.account.me?.apiKey.id {
                    lines.append(("    the key this program is using", .warning, index))
                }
                let description = credential.description.isEmpty ? "(no description)" : TextSanitizer.clean(credential.description)
                lines.append(("    \(description)", .dim, index))
                if let extra = extraLine(credential) { lines.append(("    \(extra)", .dim, index)) }
                for session in state.account.sessions.sessions(of: credential.id) {
                    sessionOfLine[lines.count] = session.id
                    let marker = session.id == sessionUnderCursor ? glyphs.selector : " "
                    lines.append((SessionLines.line(session, marker: marker, now: state.ui.now), .warning, nil))
                    for endpoint in state.account.sessions.endpoints[session.id] ?? [] {
                        sessionOfLine[lines.count] = session.id
                        lines.append(("      \(glyphs.arrow) \(TextSanitizer.clean(endpoint.url))", .dim, nil))
                    }
                }
                index += 1
            }
        }
        let body = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
        // Keep the selected credential in view.
        let cursorLine = sessionUnderCursor.flatMap { id in sessionOfLine.first { $0.value == id }?.key }
            ?? lines.firstIndex { $0.credentialIndex == state.browser.detailCursor } ?? 0
        let scroll = focused ? max(0, min(cursorLine - body.height / 2, lines.count - body.height)) : 0
        for (offset, line) in lines.dropFirst(scroll).prefix(body.height).enumerated() {
            let selected = sessionUnderCursor != nil
                ? sessionOfLine[scroll + offset] == sessionUnderCursor
                : focused && line.credentialIndex == state.browser.detailCursor && line.credentialIndex != nil
            let role = selected ? StyleRole.selected : line.role
            if selected { frame.fill(x: body.x, y: body.y + offset, width: body.width, height: 1, role: role) }
            frame.put(" " + DisplayWidth.truncate(line.text, to: body.width - 2, ellipsis: glyphs.ellipsis),
                      x: body.x, y: body.y + offset, width: body.width, role: role)
        }
    }

    /// "3", or "?, loading" / "?, failed" while the bot's count of that kind is not known.
    static func countText(_ state: AppState, _ owner: String, _ kind: CredentialKind) -> String {
        if let count = state.knownCount(of: owner, kind) { return String(count) }
        if case .failed = state.loads.progress[.credentials(kind)]?.phase { return "?, failed to load" }
        return "?, loading"
    }

    /// ACL rules, or the SSH key's type and fingerprint.
    static func extraLine(_ credential: Credential) -> String? {
        var parts: [String] = []
        if let key = credential.publicKey, let type = key.split(separator: " ").first {
            parts.append(TextSanitizer.clean("\(type) \(SSHFingerprint.sha256(publicKey: key) ?? "(unreadable key)")"))
        }
        if !credential.acl.isEmpty { parts.append("ACL: " + credential.acl.map(TextSanitizer.clean).joined(separator: ", ")) }
        return parts.isEmpty ? nil : parts.joined(separator: "  ")
    }
}
