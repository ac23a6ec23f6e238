/// A key as `keymap.conf` spells it: a single character (`j`, `?`, `D`) or a name in angle
/// brackets (`<Enter>`, `<C-d>`, `<PgUp>`, `<F1>`). Parsing normalises spelling and case.
public struct KeyName: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: String

    private init(raw: String) {
        rawValue = raw
    }

    public static let named: [String] = [
        "Enter", "Esc", "Space", "Tab", "BackTab", "Backspace", "Del", "Ins", "Up", "Down", "Left", "Right",
        "Home", "End", "PgUp", "PgDn",
    ] + (1...12).map { "F\($0)" }

    private static let aliases: [String: String] = [
        "return": "Enter", "cr": "Enter", "escape": "Esc", "delete": "Del", "bs": "Backspace",
        "pageup": "PgUp", "pagedown": "PgDn", "insert": "Ins", "s-tab": "BackTab",
    ]

    /// A printable character typed as itself.
    public static func character(_ c: Character) -> KeyName {
        c == " " ? KeyName(raw: "<Space>") : KeyName(raw: String(c))
    }

    /// A control key, `<C-d>`.
    public static func control(_ letter: Character) -> KeyName {
        KeyName(raw: "<C-\(letter.lowercased())>")
    }

    public static func special(_ name: String) -> KeyName {
        KeyName(parse: "<\(name)>")!
    }

    public static let enter = special("Enter")
    public static let escape = special("Esc")
    public static let backspace = special("Backspace")

    /// Reads the spelling used in `keymap.conf`; nil for anything that is not a key.
    public init?(parse text: String) {
        if text.count == 1, let c = text.first, !c.isWhitespace, c.unicodeScalars.allSatisfy({ $0.value >= 0x21 && $0.value != 0x7F }) {
            rawValue = text
            return
        }
        guard text.hasPrefix("<"), text.hasSuffix(">"), text.count > 2 else { return nil }
        let inner = String(text.dropFirst().dropLast())
        let lower = inner.lowercased()
        if lower.hasPrefix("c-"), inner.count == 3, let letter = inner.last, letter.isASCII, letter.isLetter {
            rawValue = "<C-\(letter.lowercased())>"
            return
        }
        if let alias = Self.aliases[lower] {
            rawValue = "<\(alias)>"
            return
        }
        guard let name = Self.named.first(where: { $0.lowercased() == lower }) else { return nil }
        rawValue = "<\(name)>"
    }

    /// The character this key types into a text field, if it is printable.
    public var typedText: String? {
        if rawValue == "<Space>" { return " " }
        return rawValue.hasPrefix("<") && rawValue.count > 1 ? nil : rawValue
    }

    public var description: String { rawValue }

    /// How help and hints show it: `Enter`, `C-d`, `PgUp`, `j`.
    public var display: String {
        rawValue.count > 2 && rawValue.hasPrefix("<") ? String(rawValue.dropFirst().dropLast()) : rawValue
    }

    public static func < (a: KeyName, b: KeyName) -> Bool { a.rawValue < b.rawValue }
}
