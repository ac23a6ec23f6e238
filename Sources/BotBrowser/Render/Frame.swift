/// What a cell means; the terminal back end turns it into colours or attributes.
public enum StyleRole: Sendable, Equatable, Hashable, CaseIterable {
    case normal
    case title
    /// The title of a profile marked `production: true`: the account whose changes hurt most.
    case titleProduction
    case header
    case selected
    /// The selection of a pane that does not have the keys (the list behind the detail pane).
    case selectedUnfocused
    case active
    case inactive
    case pending
    case marked
    case dim
    case info
    case warning
    case error
    case badge
    case border
    case button
    case buttonFocused
    case danger
    case input
    /// The credential a filter matched, distinct from the cursor row.
    case matched
    /// A count of live agent sessions above zero: looks like neither the selection nor a warning,
    /// so a row with live agents never passes for the selected one.
    case live
}

public struct Cell: Sendable, Equatable {
    /// The character drawn here; `nil` for the right half of a wide character.
    public var character: Character?
    public var role: StyleRole

    public static let blank = Cell(character: " ", role: .normal)
}

/// A screen's worth of styled cells: the whole output of rendering, drawable by ncurses and
/// comparable as text in tests.
public struct Frame: Sendable, Equatable {
    public let size: Size
    public private(set) var cells: [Cell]
    /// Where the terminal cursor should sit (in a text field), if anywhere.
    public var cursor: (x: Int, y: Int)? {
        get { cursorPosition.map { ($0.x, $0.y) } }
        set { cursorPosition = newValue.map { Point(x: $0.x, y: $0.y) } }
    }
    private var cursorPosition: Point?
    /// Rows where a `‹` was written: the only ones `styleMarkers` reads (a scan of every cell was
    /// a quarter of a frame's time).
    var rowsWithMarkers: Set<Int> = []

    struct Point: Sendable, Equatable {
        var x: Int
        var y: Int
    }

    public init(size: Size) {
        self.size = size
        cells = Array(repeating: .blank, count: max(0, size.width * size.height))
    }

    public subscript(x: Int, y: Int) -> Cell {
        cells[y * size.width + x]
    }

    /// Writes `text` at (x, y), clipped to `width` columns (default: to the right edge). Wide
    /// characters that do not fit whole are left out, never split. Returns the columns used.
    /// Zero-width characters are dropped, and with them every control character (C0, ESC, DEL,
    /// C1, bidi controls form grapheme clusters of their own): nothing drawn can steer the terminal.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, width: Int? = nil, role: StyleRole = .normal) -> Int {
        guard y >= 0, y < size.height, x < size.width else { return 0 }
        let limit = min(size.width, x + (width ?? size.width))
        var column = x
        // Printable ASCII (most ids, names, numbers and labels) is a column a byte: no grapheme
        // breaking, no width lookup, and no marker (`‹` is not ASCII).
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            for byte in text.utf8 {
                if column >= limit { break }
                if column >= 0 { set(Cell(character: Character(Unicode.Scalar(byte)), role: role), x: column, y: y) }
                column += 1
            }
            return column - x
        }
        for character in text {
            let w = DisplayWidth.of(character)
            if w == 0 { continue }
            if column + w > limit { break }
            if column >= 0 {
                if !character.isASCII && character == TextSanitizer.markerOpen { rowsWithMarkers.insert(y) }
                set(Cell(character: character, role: role), x: column, y: y)
                if w == 2 { set(Cell(character: nil, role: role), x: column + 1, y: y, continuation: true) }
            }
            column += w
        }
        return column - x
    }

    /// Draws every non-ASCII character as `?` in each column it covers, for a terminal whose
    /// locale cannot show it; widths stay what they were, so nothing shifts.
    public mutating func replaceNonASCII() {
        for index in cells.indices {
            let cell = cells[index]
            if let character = cell.character, character.isASCII { continue }
            cells[index] = Cell(character: "?", role: cell.role)
        }
    }

    /// Paints a rectangle's role (and blanks it when `clear`).
    public mutating func fill(x: Int, y: Int, width: Int, height: Int, role: StyleRole, clear: Bool = true) {
        for row in max(0, y)..<min(size.height, y + height) {
            for column in max(0, x)..<min(size.width, x + width) {
                let index = row * size.width + column
                if clear {
                    set(Cell(character: " ", role: role), x: column, y: row)
                } else {
                    cells[index].role = role
                }
            }
        }
    }

    /// Restyles one cell, keeping its character.
    mutating func setRole(_ role: StyleRole, x: Int, y: Int) {
        cells[y * size.width + x].role = role
    }

    /// Writes one cell without leaving half of a wide character behind: when a dialog's border
    /// lands on either half of a wide character drawn underneath, the other half becomes a blank,
    /// so no row ever grows wider than the terminal.
    private mutating func set(_ cell: Cell, x: Int, y: Int, continuation: Bool = false) {
        let index = y * size.width + x
        if !continuation, cells[index].character == nil, x > 0 {
            cells[index - 1].character = " "
        }
        if let old = cells[index].character, DisplayWidth.of(old) == 2, x + 1 < size.width {
            cells[index + 1].character = " "
        }
        cells[index] = cell
    }

    /// The frame as plain text, one line per row, trailing spaces kept so widths are visible.
    public var text: String {
        (0..<size.height).map { line($0) }.joined(separator: "\n")
    }

    public var lines: [String] { (0..<size.height).map(line) }

    public func line(_ y: Int) -> String {
        var result = ""
        for x in 0..<size.width {
            if let character = self[x, y].character { result.append(character) }
        }
        return result
    }

    public static func == (a: Frame, b: Frame) -> Bool {
        a.size == b.size && a.cells == b.cells && a.cursorPosition == b.cursorPosition
    }
}
