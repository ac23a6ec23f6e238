/// Centred boxes over the screen: confirm dialogs, prompts, the kind menu and the one-time secret.
enum DialogView {
    static func confirm(_ frame: inout Frame, _ dialog: ConfirmDialog, _ keymap: Keymap, _ glyphs: Glyphs) {
        // A long list of bots scrolls (Up/Down); what follows it, the typed name and the buttons, stays.
        var tail: [String] = []
        var inputOffset: Int?
        if let required = dialog.requiredText {
            tail += ["", typingInstruction(required, id: dialog.requiredID, verb: dialog.typedVerb)]
            inputOffset = tail.count
            tail.append("> " + TextSanitizer.clean(dialog.typed))
        }
        tail.append("")
        let lines = dialog.lines.flatMap { wrap(TextSanitizer.clean($0), to: min(frame.size.width - 4, 80) - 4) }
        let room = max(1, frame.size.height - 2 - 2 - 1 - tail.count)
        var body = lines
        if lines.count > room {
            let scroll = min(dialog.scroll, lines.count - (room - 1))
            body = Array(lines.dropFirst(scroll).prefix(room - 1))
            let below = lines.count - scroll - body.count
            let typing = dialog.requiredText != nil
            let keys = [Command.moveUp, .moveDown].compactMap { keymap.keyName($0, in: .confirm, typing: typing) }
            body.append("(\(scroll) above, \(below) below" + (keys.isEmpty ? ")" : ": \(keys.joined(separator: "/")) scroll)"))
        }
        let inputLine = inputOffset.map { body.count + $0 }
        body += tail
        let box = drawBox(&frame, title: TextSanitizer.clean(dialog.title), body: body, footerRows: 1,
                          role: dialog.isDangerous ? .danger : .border, glyphs: glyphs)
        if let inputLine {
            let y = box.y + 1 + inputLine
            frame.fill(x: box.x + 2, y: y, width: box.width - 4, height: 1, role: .input, clear: false)
            let typedWidth = DisplayWidth.of("> " + TextSanitizer.clean(dialog.typed))
            frame.cursor = (min(box.x + 2 + typedWidth, box.x + box.width - 3), y)
        }
        let cancel = "[ Cancel ]"
        let act = "[ \(dialog.confirmLabel) ]"
        let buttonsY = box.maxY - 2
        let x = box.x + box.width - DisplayWidth.of(cancel) - DisplayWidth.of(act) - 4
        let actEnabled = dialog.canConfirm
        frame.put(cancel, x: x, y: buttonsY, role: dialog.focus == .cancel ? .buttonFocused : .button)
        frame.put(act, x: x + DisplayWidth.of(cancel) + 2, y: buttonsY,
                  role: dialog.focus == .confirm && actEnabled ? .buttonFocused : (actEnabled ? .button : .dim))
    }

    /// What to type. A name with invisible characters (shown as markers) cannot be typed as shown,
    /// and a paste never answers a dialog: its id, the other thing that names it, is asked for.
    static func typingInstruction(_ required: String, id: String?, verb: String) -> String {
        // Without a bot's id it is a word (a change to the key in use), not a name.
        guard let id else { return "Type \(required) to confirm:" }
        if TextSanitizer.hasMarked(required) {
            return "Its name has hidden characters (\u{2039}U+\u{2026}\u{203A}): type its id, \(id), or \(verb):"
        }
        return "Type the bot's name (\(TextSanitizer.clean(required))) or \(verb):"
    }

    static func prompt(_ frame: inout Frame, _ prompt: TextPrompt, _ keymap: Keymap, _ glyphs: Glyphs) {
        // The input line is drawn below, over a blank the width of the box.
        let body = [prompt.label + ":", String(repeating: " ", count: 56),
                    prompt.error.map { "! " + TextSanitizer.clean($0) } ?? "", submitOrCancel(keymap)]
        let box = drawBox(&frame, title: TextSanitizer.clean(prompt.title), body: body, footerRows: 0, role: .border, glyphs: glyphs)
        let y = box.y + 2
        // Long input (a pasted public key) shows its end, where the typing happens.
        let shown = "> " + String(TextSanitizer.clean(prompt.text).suffix(max(1, box.width - 8)))
        frame.fill(x: box.x + 2, y: y, width: box.width - 4, height: 1, role: .input)
        let used = frame.put(shown, x: box.x + 2, y: y, width: box.width - 4, role: .input)
        frame.cursor = (min(box.x + 2 + used, box.x + box.width - 3), y)
        if prompt.error != nil {
            frame.fill(x: box.x + 2, y: y + 1, width: box.width - 4, height: 1, role: .error, clear: false)
        }
    }

    /// "Enter submits, Esc cancels", with the keys in force (a prompt types every printable key).
    static func submitOrCancel(_ keymap: Keymap) -> String {
        [keymap.say(.confirm, in: .prompt, typing: true) { "\($0) submits" }, keymap.say(.cancel, in: .prompt, typing: true) { "\($0) cancels" }]
            .filter { !$0.isEmpty }.joined(separator: ", ")
    }

    static func choice(_ frame: inout Frame, _ menu: ChoiceMenu, _ keymap: Keymap, _ glyphs: Glyphs) {
        let options: [(Command, String)] = [
            (.chooseAPIKey, "API key (for the ngrok API)"),
            (.chooseAuthtoken, "Authtoken (for ngrok agents)"),
            (.chooseSSHKey, "SSH key (for ngrok over SSH)"),
            (.cancel, "Cancel"),
        ]
        let body = options.compactMap { command, label in
            keymap.keys(for: command, in: .choice).first.map { "\($0.display.leftPadded(to: 4))  \(label)" }
        }
        drawBox(&frame, title: TextSanitizer.clean(menu.title), body: body + [""], footerRows: 0, role: .border, glyphs: glyphs)
    }

    /// The secret is drawn on one line, never wrapped, so a terminal selection copies it whole;
    /// on a screen too narrow for that it is split over full-width rows with no border inside.
    static func secret(_ frame: inout Frame, _ secret: SecretDisplay, _ keymap: Keymap, _ glyphs: Glyphs) {
        let chars = Array(secret.secret)
        let fitsInBox = chars.count + 4 <= min(frame.size.width - 4, 80)
        let rows = fitsInBox ? 1 : (chars.count + frame.size.width - 1) / max(1, frame.size.width)
        var body = [
            "\(secret.kind.singular.capitalizedFirst) \(secret.credentialID) for \(TextSanitizer.clean(secret.owner.name))",
            "",
            "This is the only time it is shown. Copy it now:",
            "",
        ]
        let secretLine = body.count
        body += Array(repeating: String(repeating: " ", count: fitsInBox ? chars.count : 1), count: rows)
        body += ["", "It is not kept, logged or saved."
                 + keymap.say(.copy, in: .secret) { " \($0) copies it;" }
                 + keymap.say(.confirm, in: .secret) { " \($0) closes and forgets it." }]
        if secret.copied { body.append("Copied to the clipboard.") }
        let box = drawBox(&frame, title: "New secret", body: body, footerRows: 0, role: .warning, glyphs: glyphs)
        let y = box.y + 1 + secretLine
        if fitsInBox {
            frame.put(String(chars), x: box.x + 2, y: y, role: .input)
        } else {
            for row in 0..<rows {
                let start = row * frame.size.width
                frame.fill(x: 0, y: y + row, width: frame.size.width, height: 1, role: .input)
                frame.put(String(chars[start..<min(chars.count, start + frame.size.width)]), x: 0, y: y + row, role: .input)
            }
        }
    }

    /// Breaks a long line at spaces (or anywhere, for a word longer than the line); keeps its indent.
    static func wrap(_ line: String, to width: Int) -> [String] {
        guard DisplayWidth.of(line) > width, width > 8 else { return [line] }
        let indent = String(line.prefix { $0 == " " })
        // A numbered step ("1. …") goes on under its text, not under its number.
        let rest = line.dropFirst(indent.count)
        let number = rest.prefix { $0.isASCII && $0.isNumber }
        let hanging = !number.isEmpty && rest.dropFirst(number.count).hasPrefix(". ") ? indent + String(repeating: " ", count: number.count + 2) : indent
        var lines: [String] = []
        var current = ""
        for word in line.split(separator: " ") {
            let candidate = current.isEmpty ? (lines.isEmpty ? indent : hanging) + word : current + " " + word
            if DisplayWidth.of(candidate) <= width {
                current = candidate
            } else if current.isEmpty {
                lines.append(DisplayWidth.truncate(candidate, to: width))
            } else {
                lines.append(current)
                current = hanging + word
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// Draws a bordered, centred box sized to its text; returns where it went.
    @discardableResult
    static func drawBox(_ frame: inout Frame, title: String, body: [String], footerRows: Int, role: StyleRole, glyphs: Glyphs) -> Rect {
        let size = frame.size
        let maxWidth = min(size.width - 4, 80)
        let body = body.flatMap { wrap($0, to: maxWidth - 4) }
        let contentWidth = ([DisplayWidth.of(title) + 4] + body.map { DisplayWidth.of($0) + 4 }).max() ?? 20
        let width = max(40, min(maxWidth, contentWidth))
        let height = min(size.height - 2, body.count + 2 + footerRows)
        let box = Rect(x: (size.width - width) / 2, y: max(1, (size.height - height) / 2), width: width, height: height)
        frame.fill(x: box.x, y: box.y, width: box.width, height: box.height, role: .normal)
        let horizontal = String(repeating: glyphs.horizontal, count: width - 2)
        frame.put(String(glyphs.corners.topLeft) + horizontal + String(glyphs.corners.topRight), x: box.x, y: box.y, role: role)
        frame.put(String(glyphs.corners.bottomLeft) + horizontal + String(glyphs.corners.bottomRight), x: box.x, y: box.maxY - 1, role: role)
        for y in (box.y + 1)..<(box.maxY - 1) {
            frame.put(String(glyphs.vertical), x: box.x, y: y, role: role)
            frame.put(String(glyphs.vertical), x: box.x + width - 1, y: y, role: role)
        }
        frame.put(" " + DisplayWidth.truncate(title, to: width - 6, ellipsis: glyphs.ellipsis) + " ", x: box.x + 2, y: box.y, role: .title)
        for (offset, line) in body.prefix(height - 2 - footerRows).enumerated() {
            frame.put(DisplayWidth.truncate(line, to: width - 4, ellipsis: glyphs.ellipsis), x: box.x + 2, y: box.y + 1 + offset,
                      role: line.hasPrefix("! ") ? .error : .normal)
        }
        return box
    }
}
