/// Names and descriptions come from other people. Before anything is drawn or printed, control
/// characters that could move the cursor, recolour the terminal or reorder text are removed.
public enum TextSanitizer {
    public static func clean(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\t" || scalar == "\n" || scalar == "\r" {
                scalars.append(" ")
            } else if !isHostile(scalar) {
                scalars.append(scalar)
            }
        }
        return String(scalars)
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
}
