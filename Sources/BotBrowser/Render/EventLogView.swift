import Essentials
import NgrokAPI

/// The `!` pane: every error, warning and throttle of the session, newest first, each with its
/// time and, when the server gave them, its status, error code and operation id.
enum EventLogView {
    static func draw(_ frame: inout Frame, _ state: AppState, scroll: Int, _ area: Rect) {
        frame.fill(x: area.x, y: area.y, width: area.width, height: area.height, role: .normal)
        frame.fill(x: area.x, y: area.y, width: area.width, height: 1, role: .header)
        let count = state.ui.events.entries.count
        frame.put(" Event log: \(count) event\(count == 1 ? "" : "s") this session, newest first", x: area.x, y: area.y, role: .header)
        guard count > 0 else {
            frame.put("Nothing has gone wrong yet.", x: area.x + 2, y: area.y + 2, role: .dim)
            return
        }
        var lines: [(String, StyleRole)] = []
        for entry in state.ui.events.entries.reversed() {
            var head = timeOfDay(entry.time) + "  " + label(entry.level)
            let codes = [entry.status.map { "HTTP \($0)" }, entry.code, entry.operationID].compactMap { $0 }
            if !codes.isEmpty { head += "  " + codes.joined(separator: "  ") }
            lines.append((head, entry.level == .error ? .error : .warning))
            for line in DialogView.wrap("  " + TextSanitizer.clean(entry.text), to: area.width - 2) { lines.append((line, .normal)) }
        }
        if state.ui.events.dropped > 0 { lines.append(("(older events dropped)", .dim)) }
        let body = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
        for (offset, line) in lines.dropFirst(min(scroll, max(0, lines.count - 1))).prefix(body.height).enumerated() {
            frame.put(" " + line.0, x: body.x, y: body.y + offset, width: body.width, role: line.1)
        }
    }

    static func label(_ level: Flash.Level) -> String {
        switch level {
        case .info: "info"
        case .warning: "warning"
        case .error: "ERROR"
        }
    }

    /// "14:03:27" in UTC, the zone of the audit log and of the server's operation ids.
    static func timeOfDay(_ date: Date) -> String {
        String(APIJSON.formatTimestamp(date).dropFirst(11).prefix(8))
    }
}
