import Essentials
import NgrokAPI

/// How live agent sessions read in the detail pane.
enum SessionLines {
    /// ` ▶ 203.0.113.7  eu  since 3h  linux  3.22.1`: who and since when first, so a narrow pane
    /// cuts the OS and agent version. Every field comes from the network and is cleaned.
    static func line(_ session: TunnelSession, marker: String, now: Date) -> String {
        let fields = [session.ip, session.region].map(TextSanitizer.clean) + ["since " + age(session.startedAt, now: now)]
            + [session.os, session.agentVersion].map(TextSanitizer.clean)
        return " \(marker) " + fields.filter { !$0.isEmpty }.joined(separator: "  ")
    }

    /// "3h", "2d": how long an agent has been connected.
    static func age(_ started: Date, now: Date) -> String {
        let text = RelativeTime.describe(started, now: now)
        return text.hasSuffix(" ago") ? String(text.dropLast(4)) : text
    }

    /// The bot's live session count for its fields, or why it is not known.
    static func summary(_ state: AppState, _ owner: String) -> (text: String, role: StyleRole) {
        if let count = state.sessionCount(of: owner) {
            return count == 0 ? ("no agent connected", .dim) : ("\(count) agent session\(count == 1 ? "" : "s") connected now", .warning)
        }
        switch state.account.sessions.phase {
        case .failed: return ("?, failed to load", .dim)
        default: return ("?, loading", .dim)
        }
    }
}
