import Essentials
import NgrokAPI

/// The `C` pane: every bot, API key, authtoken and SSH key created at or after a time, newest first
/// (`CreatedSince`), for the persistence an attacker may have left. Enter goes to an entry's bot.
public struct SincePane: Sendable, Equatable {
    public enum Phase: Sendable, Equatable {
        case loading
        case loaded([CreatedSince.Entry])
        case failed(String)
    }

    /// The time asked for, resolved when it was asked.
    public var since: Date
    /// What was typed (`2h`, or a time), for the title.
    public var asked: String
    /// The bot selected when `C` was pressed: what it is or owns is marked.
    public var investigating: BotRef?
    public var phase: Phase = .loading
    public var cursor = 0

    public init(since: Date, asked: String, investigating: BotRef?) {
        self.since = since
        self.asked = asked
        self.investigating = investigating
    }

    public var entries: [CreatedSince.Entry] {
        if case .loaded(let entries) = phase { return entries }
        return []
    }

    public var entryUnderCursor: CreatedSince.Entry? {
        let entries = entries
        return cursor < entries.count ? entries[cursor] : nil
    }

    /// Whether the entry is the bot under investigation or one of its credentials.
    public func isInvestigated(_ entry: CreatedSince.Entry) -> Bool {
        guard let investigating else { return false }
        return BotID.same(entry.kind == "bot" ? entry.id : entry.ownerID, investigating.id)
    }
}
