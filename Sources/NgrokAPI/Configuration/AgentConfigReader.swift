/// Reads the one thing ngrok-bots wants from the ngrok agent's `ngrok.yml`: `api_key`, at the top
/// (version 2) or under `agent:` (version 3), plain or quoted.
///
/// Not a YAML library on purpose. Yams, the one we used, needs all of Foundation (NSRegularExpression,
/// so ICU), and ICU's data is 34 MB of the static binary, more than everything else together. The
/// file is someone else's text, so the reader is strict rather than clever: it follows the block
/// structure by indentation and skips other sections without interpreting them, and anything that
/// could change what `api_key` means (an alias, a tag, a merge key, a value continued on the next
/// line, a quote or bracket left open) is a `Problem` naming the line, never a guess.
enum AgentConfigReader {
    struct Problem: Error, Equatable {
        enum Kind: Equatable {
            /// Not YAML at all.
            case invalid
            /// YAML, but a form this reader does not follow.
            case unsupported
        }
        var kind: Kind
        /// 1-based.
        var line: Int
        /// What is wrong, in words; never the line's text, which may hold the key.
        var reason: String
    }

    /// The key, trimmed, or nil when the file has none.
    static func apiKey(in text: String) throws(Problem) -> String? {
        var reader = Reader()
        var scalars = text.unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var line: [Unicode.Scalar] = []
        var number = 1
        var afterCR = false
        for scalar in scalars {
            // A line ends at LF, CR, CRLF, or the breaks libyaml also counts: NEL, LS, PS.
            if scalar == "\n" && afterCR {
                afterCR = false
                continue
            }
            afterCR = scalar == "\r"
            if ["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"].contains(scalar) {
                guard try reader.read(Line(scalars: line, number: number)) else { return nil }
                line.removeAll(keepingCapacity: true)
                number += 1
            } else {
                line.append(scalar)
            }
        }
        guard try reader.read(Line(scalars: line, number: number)) else { return nil }
        return reader.found
    }
}

extension AgentConfigReader {
    /// One line without its line break, and where its content starts.
    struct Line {
        var scalars: [Unicode.Scalar]
        var number: Int
        /// Spaces before the content (YAML indents with spaces only).
        var indent: Int

        init(scalars: [Unicode.Scalar], number: Int) {
            self.scalars = scalars
            self.number = number
            indent = scalars.prefix { $0 == " " }.count
        }

        var isBlank: Bool { scalars.allSatisfy { $0 == " " || $0 == "\t" } }
        var content: ArraySlice<Unicode.Scalar> { scalars[indent...] }

        func problem(_ kind: Problem.Kind, _ reason: String) -> Problem {
            Problem(kind: kind, line: number, reason: reason)
        }
    }

    /// What a `key: value` line's value is, as far as the reader needs to know.
    enum Value: Equatable {
        /// Nothing on the line: a block below it, or null.
        case empty
        case plain(String)
        case quoted(String)
        /// `|` or `>`: the lines below, indented deeper, are text.
        case blockScalar
        /// `[...]` or `{...}`, closed on the line.
        case flow(opening: Unicode.Scalar)
        /// `*name`, or a value behind an `&anchor` or a `!tag`.
        case aliasOrProperties
    }

    /// What lines indented deeper than an entry are.
    enum Below {
        /// Part of a section the reader does not read: checked only for quotes and brackets left open.
        case skipped
        /// More of a value the reader does read, which it will not guess at.
        case refused(String)
        /// The mapping under `agent:`.
        case agent
    }

    /// The entries of one block mapping the reader reads: the top level or the one under `agent:`.
    struct Level {
        var indent: Int?
        var keys: Set<String> = []
        var apiKey: String?
        /// What the last entry's value was, for a list that starts at the same indentation.
        var lastValue: Value?
        var below: Below = .skipped
    }

    struct Reader {
        var top = Level()
        /// The mapping under `agent:`, while the reader is inside it (or once it was read).
        var agent: Level?
        var insideAgent = false
        /// Inside a `|` or `>` block: lines deeper than this are its text.
        var blockTextBelow: Int?
        var started = false

        var found: String? { agent?.apiKey ?? top.apiKey }

        /// False when the file is not a mapping at all, so holds no key.
        mutating func read(_ line: Line) throws(Problem) -> Bool {
            if line.isBlank { return true }
            if let owner = blockTextBelow {
                if line.indent > owner { return true }
                blockTextBelow = nil
            }
            let content = line.content
            if content.first == "\t" { throw line.problem(.invalid, "a tab in the indentation") }
            if content.first == "#" { return true }
            if line.indent == 0, try documentMarker(line) { return true }
            guard let topIndent = top.indent else {
                if content.first == "-", isSeparated(content, after: content.startIndex) { return false }
                if content.first == "[" || content.first == "{" {
                    throw line.problem(.unsupported, "the whole file in {} or [] form")
                }
                top.indent = line.indent
                started = true
                try entry(line, isTop: true)
                return true
            }
            if line.indent < topIndent {
                throw line.problem(.invalid, "a line indented less than the first")
            }
            if line.indent == topIndent {
                insideAgent = false
                try entry(line, isTop: true)
                return true
            }
            if insideAgent, let level = agent {
                guard let childIndent = level.indent else {
                    if content.first == "-", isSeparated(content, after: content.startIndex) {
                        // `agent:` holds a list, not a mapping: no key under it.
                        insideAgent = false
                        agent = nil
                        top.below = .skipped
                        try skip(line)
                        return true
                    }
                    agent?.indent = line.indent
                    try entry(line, isTop: false)
                    return true
                }
                if line.indent < childIndent {
                    throw line.problem(.invalid, "a line indented between two levels")
                }
                if line.indent == childIndent {
                    try entry(line, isTop: false)
                } else {
                    try deeper(line, below: level.below)
                }
                return true
            }
            try deeper(line, below: top.below)
            return true
        }

        /// `---` may open the one document; anything else of the kind is more than ngrok.yml needs.
        mutating func documentMarker(_ line: Line) throws(Problem) -> Bool {
            let content = line.content
            if content.first == "%" { throw line.problem(.unsupported, "a YAML directive (%)") }
            for marker in ["---", "..."] where content.starts(with: marker.unicodeScalars)
                && isSeparated(content, after: content.startIndex + 2) {
                guard marker == "---", !started,
                      isBlankOrComment(content.dropFirst(3)) else {
                    throw line.problem(.unsupported, "more than one YAML document, or content after ---")
                }
                started = true
                return true
            }
            return false
        }

        mutating func deeper(_ line: Line, below: Below) throws(Problem) {
            switch below {
            case .skipped, .agent: try skip(line)
            case .refused(let reason): throw line.problem(.unsupported, reason)
            }
        }

        /// A line of a section the reader does not read. Only what would make the next lines mean
        /// something else matters: a quote or bracket still open, or the start of a `|` block.
        mutating func skip(_ line: Line) throws(Problem) {
            var content = line.content
            while content.first == "-" || content.first == "?", isSeparated(content, after: content.startIndex) {
                content = trimmedFront(content.dropFirst())
            }
            let value: Value
            if let (_, rest) = try key(content, line) {
                value = try Self.value(rest, line)
            } else {
                value = try Self.value(content, line)
            }
            if value == .blockScalar { blockTextBelow = line.indent }
        }

        /// One `key: value` line of the top level or of `agent:`.
        mutating func entry(_ line: Line, isTop: Bool) throws(Problem) {
            var level = isTop ? top : agent ?? Level()
            defer { if isTop { top = level } else { agent = level } }
            let content = line.content
            if content.first == "-", isSeparated(content, after: content.startIndex) {
                // A list may start at its key's indentation: `endpoints:` then `- name: …`.
                guard level.lastValue == .empty else {
                    throw line.problem(.invalid, "a list item where a key was expected")
                }
                if case .refused(let reason) = level.below { throw line.problem(.unsupported, reason) }
                if case .agent = level.below {
                    insideAgent = false
                    agent = nil
                    level.below = .skipped
                }
                try skip(line)
                return
            }
            guard let (name, rest) = try key(content, line) else {
                throw line.problem(.unsupported, "a line that is not `key: value` where a key was expected")
            }
            guard level.keys.insert(name).inserted else { throw line.problem(.invalid, "a key given twice") }
            let value = try Self.value(rest, line)
            level.lastValue = value
            level.below = .skipped
            if value == .blockScalar { blockTextBelow = line.indent }
            switch name {
            case "<<":
                throw line.problem(.unsupported, "a merge key (<<)")
            case "agent" where isTop:
                switch value {
                case .empty:
                    level.below = .agent
                    agent = Level()
                    insideAgent = true
                case .flow(opening: "{"), .aliasOrProperties:
                    throw line.problem(.unsupported, "`agent:` not written as indented `key: value` lines")
                default:
                    break // not a mapping, so no key under it
                }
            case "api_key":
                level.apiKey = try Self.apiKey(value, line)
                level.below = .refused("`api_key:` with its value continued or given on the next line")
            default:
                break
            }
        }

        static func apiKey(_ value: Value, _ line: Line) throws(Problem) -> String? {
            switch value {
            case .empty, .flow:
                return nil // null, or not text: not a key
            case .plain(let text):
                if text.contains(": ") || text.contains(":\t") || text.hasSuffix(":") {
                    throw line.problem(.invalid, "a second `:` in a value")
                }
                if let first = text.unicodeScalars.first, "%@`".unicodeScalars.contains(first)
                    || ["-", "?", ":"].contains(first) && (text.count == 1 || text.dropFirst().first?.isWhitespace == true) {
                    throw line.problem(.invalid, "a value starting with a character YAML reserves")
                }
                return ["~", "null", "Null", "NULL"].contains(text) ? nil : nonEmpty(text.trimmed)
            case .quoted(let text):
                return nonEmpty(text.trimmed)
            case .blockScalar, .aliasOrProperties:
                throw line.problem(.unsupported, "`api_key:` given as a block, alias, anchor or tag")
            }
        }

        /// The key of a `key: value` line and what follows the `:`, or nil when the line is no entry.
        func key(_ content: ArraySlice<Unicode.Scalar>, _ line: Line) throws(Problem)
            -> (String, ArraySlice<Unicode.Scalar>)? {
            guard let first = content.first else { return nil }
            if first == "\"" || first == "'" {
                let (name, end) = try Self.quoted(content, line)
                let rest = trimmedFront(content[end...])
                guard rest.first == ":", isSeparated(rest, after: rest.startIndex) else { return nil }
                return (name, rest.dropFirst())
            }
            if "[{&*!|>%@`#,".unicodeScalars.contains(first) { return nil }
            var index = content.startIndex
            while index < content.endIndex {
                let scalar = content[index]
                if scalar == "#", index > content.startIndex, isSpace(content[index - 1]) { return nil }
                if scalar == ":", isSeparated(content, after: index) {
                    let name = String(String.UnicodeScalarView(content[..<index]))
                    return (name.trimmingSpaces, content[(index + 1)...])
                }
                index += 1
            }
            return nil
        }

        /// Classifies what follows a `:` (or a whole line of a skipped section).
        static func value(_ raw: ArraySlice<Unicode.Scalar>, _ line: Line) throws(Problem) -> Value {
            var text = trimmedFront(raw)
            var hasProperties = false
            // An anchor or tag comes before the value it names; what follows must still be checked.
            while let first = text.first, first == "&" || first == "!" {
                let end = text.firstIndex(where: isSpace) ?? text.endIndex
                text = trimmedFront(text[end...])
                hasProperties = true
            }
            guard let first = text.first, first != "#" else { return hasProperties ? .aliasOrProperties : .empty }
            let value: Value
            switch first {
            case "\"", "'":
                let (decoded, end) = try quoted(text, line)
                guard isBlankOrComment(text[end...]) else {
                    throw line.problem(.invalid, "text after a closing quote")
                }
                value = .quoted(decoded)
            case "[", "{":
                let end = try flowEnd(text, line)
                guard isBlankOrComment(text[end...]) else {
                    throw line.problem(.invalid, "text after a closing bracket")
                }
                value = .flow(opening: first)
            case "|", ">":
                guard isBlankOrComment(text.dropFirst().drop(while: { "+-0123456789".unicodeScalars.contains($0) })) else {
                    throw line.problem(.invalid, "text after a | or > block indicator")
                }
                value = .blockScalar
            case "*":
                value = .aliasOrProperties
            default:
                var end = text.startIndex
                while end < text.endIndex, !(text[end] == "#" && end > text.startIndex && isSpace(text[end - 1])) {
                    end += 1
                }
                value = .plain(String(String.UnicodeScalarView(text[..<end])).trimmingSpaces)
            }
            return hasProperties ? .aliasOrProperties : value
        }

        /// A quoted scalar that starts `text`, decoded, and the index after its closing quote.
        static func quoted(_ text: ArraySlice<Unicode.Scalar>, _ line: Line) throws(Problem)
            -> (String, ArraySlice<Unicode.Scalar>.Index) {
            let quote = text[text.startIndex]
            var decoded = String.UnicodeScalarView()
            var index = text.startIndex + 1
            while index < text.endIndex {
                let scalar = text[index]
                if scalar == quote {
                    // In single quotes, '' is one quote.
                    if quote == "'", index + 1 < text.endIndex, text[index + 1] == "'" {
                        decoded.append("'")
                        index += 2
                        continue
                    }
                    return (String(decoded), index + 1)
                }
                if quote == "\"", scalar == "\\" {
                    let (escaped, next) = try escape(text, at: index + 1, line)
                    decoded.append(escaped)
                    index = next
                    continue
                }
                decoded.append(scalar)
                index += 1
            }
            throw line.problem(.unsupported, "a quote not closed on its line")
        }

        /// One escape of a double-quoted scalar, after its backslash.
        static func escape(_ text: ArraySlice<Unicode.Scalar>, at index: Int, _ line: Line) throws(Problem)
            -> (Unicode.Scalar, Int) {
            guard index < text.endIndex else { throw line.problem(.unsupported, "a quote not closed on its line") }
            let simple: [Unicode.Scalar: Unicode.Scalar] = [
                "0": "\0", "a": "\u{07}", "b": "\u{08}", "t": "\t", "\t": "\t", "n": "\n", "v": "\u{0B}",
                "f": "\u{0C}", "r": "\r", "e": "\u{1B}", " ": " ", "\"": "\"", "/": "/", "\\": "\\",
                "N": "\u{85}", "_": "\u{A0}", "L": "\u{2028}", "P": "\u{2029}",
            ]
            if let scalar = simple[text[index]] { return (scalar, index + 1) }
            let digitCounts: [Unicode.Scalar: Int] = ["x": 2, "u": 4, "U": 8]
            let digits = digitCounts[text[index]]
            guard let digits, index + digits < text.endIndex,
                  let code = UInt32(String(String.UnicodeScalarView(text[(index + 1)...(index + digits)])), radix: 16),
                  let scalar = Unicode.Scalar(code) else {
                throw line.problem(.invalid, "an unknown escape in double quotes")
            }
            return (scalar, index + 1 + digits)
        }

        /// The index after the bracket that closes the one `text` starts with.
        static func flowEnd(_ text: ArraySlice<Unicode.Scalar>, _ line: Line) throws(Problem)
            -> ArraySlice<Unicode.Scalar>.Index {
            var depth = 0
            var index = text.startIndex
            var tokenStart = true
            while index < text.endIndex {
                let scalar = text[index]
                switch scalar {
                case "[", "{":
                    depth += 1
                case "]", "}":
                    depth -= 1
                    if depth == 0 { return index + 1 }
                case "\"" where tokenStart, "'" where tokenStart:
                    index = try quoted(text[index...], line).1
                    tokenStart = false
                    continue
                case "#" where index > text.startIndex && isSpace(text[index - 1]):
                    index = text.endIndex
                    continue
                default:
                    break
                }
                tokenStart = "[{,: \t".unicodeScalars.contains(scalar)
                index += 1
            }
            throw line.problem(.unsupported, "a bracket not closed on its line")
        }
    }
}

private func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\t" }

/// True when the scalar at `index` ends the line or is followed by a space: how YAML tells the
/// indicators `- `, `: ` and `---` from the same characters inside a word.
private func isSeparated(_ text: ArraySlice<Unicode.Scalar>, after index: Int) -> Bool {
    index + 1 >= text.endIndex || isSpace(text[index + 1])
}

private func trimmedFront(_ text: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
    text.drop(while: isSpace)
}

private func isBlankOrComment(_ text: ArraySlice<Unicode.Scalar>) -> Bool {
    let rest = trimmedFront(text)
    // A comment needs a space before its #.
    return rest.isEmpty || (rest.first == "#" && rest.startIndex > text.startIndex)
}

private func nonEmpty(_ text: String) -> String? { text.isEmpty ? nil : text }

private extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, isSpace(first) { scalars.removeFirst() }
        while let last = scalars.last, isSpace(last) { scalars.removeLast() }
        return String(scalars)
    }
}
