import Essentials

/// The one reading of "since when" shared by `ngrok-bots since`, `audit --since` and the browser's
/// `C` pane, so a time accepted by one is accepted by all, and means the same.
public enum SinceTime {
    /// `90s`, `30m`, `2h`, `7d` back from `now`, or an RFC 3339 time; nil for anything else.
    public static func parse(_ text: String, now: Date) -> Date? {
        let trimmed = text.trimmed
        if let time = APIJSON.parseTimestamp(trimmed) { return time }
        guard let unit = trimmed.last, let amount = Double(trimmed.dropLast()), amount >= 0, amount.isFinite else { return nil }
        let seconds: Double
        switch unit {
        case "s": seconds = amount
        case "m": seconds = amount * 60
        case "h": seconds = amount * 3600
        case "d": seconds = amount * 86_400
        default: return nil
        }
        return now - seconds
    }

    /// Why `text` was not read as a time (the same words on the command line and in the browser).
    public static func rejection(_ text: String) -> String {
        "\"\(text.trimmed)\" is neither a duration (90s, 30m, 2h, 7d) nor an RFC 3339 time (2026-12-01T10:00:00Z)"
    }
}
