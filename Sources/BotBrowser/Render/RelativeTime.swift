import Essentials

/// "3d ago": ages at a glance, from a fixed `now` so rendering stays a pure function.
public enum RelativeTime {
    public static func describe(_ date: Date, now: Date) -> String {
        let seconds = Int(now.timeIntervalSince(date))
        if seconds < 60 { return "now" }
        let minutes = seconds / 60
        if minutes < 60 { return "\(minutes)m ago" }
        let hours = minutes / 60
        if hours < 24 { return "\(hours)h ago" }
        let days = hours / 24
        if days < 60 { return "\(days)d ago" }
        if days < 730 { return "\(days / 30)mo ago" }
        return "\(days / 365)y ago"
    }
}
