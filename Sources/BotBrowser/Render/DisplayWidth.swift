/// Terminal column widths, computed the way wcwidth does (East Asian wide and emoji take two
/// columns, combining marks none) but from Unicode properties, so rendering gives the same
/// answer whatever the process locale is.
public enum DisplayWidth {
    public static func of(_ text: String) -> Int {
        // Printable ASCII is one column a byte: most ids, names and numbers, without grapheme breaking.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        return text.reduce(0) { $0 + of($1) }
    }

    /// A grapheme cluster is drawn as its first scalar plus its marks, so its width is the first scalar's.
    public static func of(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        let width = of(first)
        if width == 1, character.unicodeScalars.contains(where: { $0.value == 0xFE0F }) && first.properties.isEmoji {
            return 2
        }
        return width
    }

    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v == 0 { return 0 }
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        if v < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v == 0x200B || (0x1160...0x11FF).contains(v) { return 0 }
        if isWide(v) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    private static func isWide(_ v: UInt32) -> Bool {
        (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
            || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x2FFFD).contains(v) || (0x30000...0x3FFFD).contains(v)
    }

    /// Cuts `text` to at most `width` columns, ending in `ellipsis` when cut; never splits a character.
    public static func truncate(_ text: String, to width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        if of(text) <= width { return text }
        let room = width - of(ellipsis)
        guard room >= 0 else { return String(repeating: ".", count: width) }
        var result = ""
        var used = 0
        for character in text {
            let w = of(character)
            if used + w > room { break }
            result.append(character)
            used += w
        }
        return result + ellipsis
    }

    /// Rows of cells as aligned text columns two spaces apart, by display width (CJK, emoji), each
    /// line without trailing spaces: the runbook commands' tables.
    public static func columns(_ rows: [[String]]) -> String {
        // Each cell measured once: `list` of 10,000 bots is 70,000 cells.
        let measured = rows.map { $0.map { (text: $0, width: of($0)) } }
        var widths = [Int](repeating: 0, count: measured.map(\.count).max() ?? 0)
        for cells in measured {
            for (column, cell) in cells.enumerated() { widths[column] = max(widths[column], cell.width) }
        }
        return measured.map { cells in
            var line = ""
            for (column, cell) in cells.enumerated() {
                if column > 0 { line += "  " }
                line += cell.text
                if column < cells.count - 1 { line += String(repeating: " ", count: widths[column] - cell.width) }
            }
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    /// `text` cut or padded with spaces to exactly `width` columns.
    public static func fit(_ text: String, to width: Int, ellipsis: String = "…") -> String {
        let cut = truncate(text, to: width, ellipsis: ellipsis)
        return cut + String(repeating: " ", count: max(0, width - of(cut)))
    }
}
