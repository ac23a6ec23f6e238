extension Frame {
    /// Draws every `‹U+…›` marker `TextSanitizer` put in place of an invisible or control
    /// character in `role`, so it stands out from the name around it.
    public mutating func styleMarkers(_ role: StyleRole = .warning) {
        for y in rowsWithMarkers {
            var start: Int?
            for x in 0..<size.width {
                switch self[x, y].character {
                case TextSanitizer.markerOpen:
                    start = x
                case TextSanitizer.markerClose:
                    if let from = start, isMarkerBody(y, from + 1, x) {
                        for column in from...x { setRole(role, x: column, y: y) }
                    }
                    start = nil
                case nil:
                    start = nil
                default:
                    break
                }
            }
        }
    }

    /// Whether the cells between the brackets read `U+` and four to six hex digits.
    private func isMarkerBody(_ y: Int, _ from: Int, _ to: Int) -> Bool {
        let body = (from..<to).compactMap { self[$0, y].character }
        guard (6...8).contains(body.count), body.count == to - from, body[0] == "U", body[1] == "+" else { return false }
        return body.dropFirst(2).allSatisfy(\.isHexDigit)
    }
}
