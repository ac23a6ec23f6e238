import NgrokAPI

/// What the server told us about the account: its bots, their credentials and live sessions.
/// Only answers from the server (or the last run's cache of them) change it.
public struct Account: Sendable, Equatable {
    /// Which of the two paths for bots the server answers (`/service_users` or the older `/bot_users`), once known.
    public var resource: BotResource?
    /// `GET /self`'s answer: the account's name and the API key this program is using, once known.
    public var me: AccountSelf?
    /// The bots by id and by slot (`BotTable`); `bots` is its by-id view.
    public private(set) var botTable = BotTable()
    public var credentials = CredentialIndex()
    /// Live agent sessions (issue 13; `State/Sessions.swift`).
    public var sessions = SessionIndex()
    /// Owners whose complete list of a kind was fetched ahead of the full load, so their count is known.
    public var ownerKindsLoaded: [String: Set<CredentialKind>] = [:]
    /// People's credentials (owners that are not bots), counted once per change, not once per frame.
    public private(set) var peopleCredentialCount = 0
    private var peopleCountVersions: [Int]?

    public init() {}

    public var bots: BotsByID { BotsByID(table: botTable) }
    public var botsVersion: Int { botTable.version }

    /// Adds or replaces bots, each in the slot its credentials share. Returns the slots of the bots
    /// that changed, each with whether it was there before (its place in a sort order may have moved).
    mutating func upsert(_ fresh: [BotUser]) -> [(slot: Int32, replaced: Bool)] {
        var changed: [(slot: Int32, replaced: Bool)] = []
        for bot in fresh {
            let slot = credentials.slot(forBot: bot.id)
            let (didChange, previous) = botTable.upsert(bot, slot: slot)
            if didChange { changed.append((slot, previous != nil)) }
        }
        return changed
    }

    /// Removes a bot and every credential it owned. Returns its slot, or nil when it was not there.
    mutating func removeBot(id: String) -> Int32? {
        guard let slot = botTable.slot(of: id), botTable.remove(id: id) != nil else { return nil }
        credentials.removeAll(ownedBy: id)
        return slot
    }

    mutating func removeAllBots() {
        botTable.removeAll()
    }

    mutating func countPeoplesCredentials(isLoading: Bool) {
        // Shown only once everything has loaded; counting per page would walk every owner 600 times.
        guard !isLoading else { return }
        let versions = [botsVersion, credentials.version]
        if peopleCountVersions == versions { return }
        let bots = self.bots
        peopleCredentialCount = credentials.countOwned { bots[$0] != nil }
        peopleCountVersions = versions
    }
}
