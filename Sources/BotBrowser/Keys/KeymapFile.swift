/// Reads and writes the `keymap.conf` format:
///
///     # comment
///     bind <context> <key> <command>     (command `none` unbinds)
///     unbind <context> <key>
///
/// A bad line is reported as `NAME:LINE: message` and skipped; the rest still applies.
public enum KeymapFile {
    public struct Result: Sendable {
        public var keymap: Keymap
        public var errors: [String]
    }

    public static func apply(_ text: String, over base: Keymap, fileName: String = "keymap.conf") -> Result {
        var keymap = base
        var errors: [String] = []
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            guard !words.isEmpty else { continue }
            if let message = applyLine(words, to: &keymap) {
                errors.append("\(fileName):\(offset + 1): \(message)")
            }
        }
        return Result(keymap: keymap, errors: errors)
    }

    /// Applies one line; returns why it was refused.
    private static func applyLine(_ words: [String], to keymap: inout Keymap) -> String? {
        let verb = words[0]
        guard verb == "bind" || verb == "unbind" else {
            return "unknown directive '\(verb)' (expected bind or unbind)"
        }
        let expected = verb == "bind" ? 4 : 3
        guard words.count == expected else {
            return verb == "bind" ? "expected: bind <context> <key> <command>" : "expected: unbind <context> <key>"
        }
        guard let context = KeyContext(rawValue: words[1]) else {
            return "unknown context '\(words[1])' (one of: \(KeyContext.allCases.map(\.rawValue).joined(separator: ", ")))"
        }
        guard let key = KeyName(parse: words[2]) else {
            return "unknown key '\(words[2])' (a single character, <C-x>, or one of <\(KeyName.named.joined(separator: "> <"))>)"
        }
        if verb == "unbind" || words[3] == "none" {
            keymap.unbind(key, in: context)
            return nil
        }
        guard let command = Command(rawValue: words[3]) else {
            return "unknown command '\(words[3])'"
        }
        keymap.bind(key, to: command, in: context)
        return nil
    }

    /// The default bindings in the file format, one line per key, described from the registry.
    public static func render(_ bindings: [KeyBinding] = KeyBindings.defaults) -> String {
        var lines = [
            "# ngrok-bots default keymap.",
            "# Copy to $XDG_CONFIG_HOME/ngrok-bots/keymap.conf (or pass --keymap PATH) and edit;",
            "# your lines apply over these defaults.",
            "#   bind <context> <key> <command>    bind <context> <key> none    unbind <context> <key>",
            "# Keys: a character, <C-x>, or <\(KeyName.named.joined(separator: "> <"))>.",
            "# quit and help always keep a key, whatever this file says.",
        ]
        var lastContext: KeyContext?
        for binding in bindings {
            if binding.context != lastContext {
                lines += ["", "# \(binding.context.rawValue)"]
                lastContext = binding.context
            }
            for key in binding.keys {
                let bind = "bind \(binding.context.rawValue) \(key.rawValue) \(binding.command.rawValue)"
                lines.append(bind.padding(to: 44) + "# " + binding.description)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
