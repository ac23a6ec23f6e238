/// Names and descriptions come from other people. Before anything is drawn or printed, nothing in
/// them may move the cursor, recolour the terminal or reorder text, and nothing may hide: a
/// control, a bidi control or a zero-width character is shown as a marker such as `‹U+200B›`
/// instead of being dropped, so `de\u{200B}ploy` never reads as `deploy` (a lookalike target).
///
/// Cleaning twice changes nothing (a line is often built from cleaned names and cleaned again
/// whole before it is printed), so a marker already in the text is kept as it is. The price: a
/// name that spells a marker itself looks like one with the hidden character; it still never
/// looks like the name without it.
public enum TextSanitizer {
    public static func clean(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if let length = markerLength(scalars, at: index) {
                result.unicodeScalars.append(contentsOf: scalars[index..<(index + length)])
                index += length
                continue
            }
            if scalar == "\t" || scalar == "\n" || scalar == "\r" {
                result.unicodeScalars.append(" ")
            } else if isMarked(scalar) {
                result += marker(for: scalar)
            } else {
                result.unicodeScalars.append(scalar)
            }
            index += 1
        }
        return result
    }

    /// The length of the marker (`‹U+` four to six hex digits `›`) that starts at `index`, if one does.
    private static func markerLength(_ scalars: [Unicode.Scalar], at index: Int) -> Int? {
        guard scalars[index] == "\u{2039}", index + 7 < scalars.count, scalars[index + 1] == "U", scalars[index + 2] == "+" else { return nil }
        var end = index + 3
        while end < scalars.count, end - index - 3 < 6, isUpperHex(scalars[end]) { end += 1 }
        let digits = end - index - 3
        guard (4...6).contains(digits), end < scalars.count, scalars[end] == "\u{203A}" else { return nil }
        return end - index + 1
    }

    private static func isUpperHex(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar) || ("A"..."F").contains(scalar)
    }

    /// `‹U+200B›`: the scalar's code point, where the scalar itself would be invisible or harmful.
    public static func marker(for scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "\(markerOpen)U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "\(markerClose)"
    }

    static let markerOpen: Character = "\u{2039}"
    static let markerClose: Character = "\u{203A}"

    /// Whether `text` holds a character `clean` shows as a marker (its name cannot be typed as it is shown).
    public static func hasMarked(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0 != "\t" && $0 != "\n" && $0 != "\r" && isMarked($0) }
    }

    /// Shown as a marker: what steers the terminal or the text direction (`isHostile`), and what is invisible.
    static func isMarked(_ scalar: Unicode.Scalar) -> Bool {
        isHostile(scalar) || isInvisible(scalar)
    }

    /// C0 (ESC included), DEL, C1, and the bidi embeddings, overrides, isolates and marks.
    static func isHostile(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x200E, 0x200F, 0x061C: true
        case 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// Characters that take no room and show nothing, so two different names look the same: the
    /// zero-width space, non-joiner and joiner, the word joiner and the invisible operators, the
    /// byte order mark, the soft hyphen, the Mongolian vowel separator, the combining grapheme
    /// joiner and the Hangul fillers (a "blank" name).
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200B...0x200D, 0x2060...0x2064, 0xFEFF, 0x00AD, 0x180E, 0x034F: true
        case 0x115F, 0x1160, 0x3164, 0xFFA0: true
        default: false
        }
    }
}
