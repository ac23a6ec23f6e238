/// Which request goes first when the limiter has to choose. What the user just asked for
/// (a mutation, a lookup, the selected bot's credentials) goes before the bot list, and the bot
/// list before the credential lists, so an incident never waits behind background paging.
public enum RequestPriority: Int, Sendable, Comparable, CaseIterable {
    case interactive = 0
    case bots = 1
    case background = 2

    public static func < (a: RequestPriority, b: RequestPriority) -> Bool { a.rawValue < b.rawValue }

    /// Background work may not take the reserved part of the window or the last slot in flight.
    var mayUseReserve: Bool { self == .interactive }
}
