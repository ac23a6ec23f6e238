/// Which request goes first when the limiter has to choose. A change the user confirmed goes before
/// everything; what the user just asked to see (a lookup, the selected bot's credentials) before the
/// bot list; the bot list before the credential lists. An incident never waits behind paging, and a
/// confirmed deactivate never waits behind the reads that led to it.
public enum RequestPriority: Int, Sendable, Comparable, CaseIterable {
    /// POST, PATCH and DELETE: the client gives them this whatever the caller asked.
    case change = -1
    case interactive = 0
    case bots = 1
    case background = 2

    public static func < (a: RequestPriority, b: RequestPriority) -> Bool { a.rawValue < b.rawValue }
}
