/// The symbols the screen uses, in Unicode or plain ASCII (`--ascii`, or a non-UTF-8 locale).
struct Glyphs {
    var mark: String
    var ellipsis: String
    var horizontal: Character
    var vertical: Character
    var corners: (topLeft: Character, topRight: Character, bottomLeft: Character, bottomRight: Character)
    var separator: String
    var selector: String
    /// Marks the credential a filter matched; the cursor is `selector`, so the two never look alike.
    var match: String
    /// Leads what a session exposes (its endpoints' URLs).
    var arrow: String

    static let unicode = Glyphs(mark: "✓", ellipsis: "…", horizontal: "─", vertical: "│",
                                corners: ("┌", "┐", "└", "┘"), separator: " · ", selector: "▶", match: "◆", arrow: "→")
    static let ascii = Glyphs(mark: "*", ellipsis: "~", horizontal: "-", vertical: "|",
                              corners: ("+", "+", "+", "+"), separator: " | ", selector: ">", match: "#", arrow: "->")

    static func `for`(_ options: DisplayOptions) -> Glyphs {
        options.ascii ? .ascii : .unicode
    }

    /// Active state as a symbol with colour, or as a word when colour or Unicode is missing
    /// (a symbol alone would hide the difference).
    static func state(active: Bool, options: DisplayOptions) -> String {
        if options.ascii || !options.color { return active ? "on " : "OFF" }
        return active ? "●" : "○"
    }
}

/// A rectangle of the screen.
struct Rect {
    var x: Int
    var y: Int
    var width: Int
    var height: Int

    var maxY: Int { y + height }
}
