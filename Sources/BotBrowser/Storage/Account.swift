import NgrokAPI

/// What the server told us about the account: its bots, their credentials and live sessions.
/// Only answers from the server (or the last run's cache of them) change it. What the rest of the
/// program asks of it is below the stored parts (`bot(_:)`, `credentials(of:)`,
/// `owner(ofCredential:)`, `matching(_:among:)`); how each part keeps its data is
/// its own business (`Storage/`).
public struct Account: Sendable, Equatable {
    /// Which of the two paths for bots the server answers (`/service_users` or the older `/bot_users`), once known.
    public var resource: BotResource?
    /// `GET /self`'s answer: the account's name and the API key this program is using, once known.
    public var me: AccountSelf?
    /// The bots by id and by slot (`BotTable`); `bots` is its by-id view.
    public private(set) var botTable = BotTable()
    public var credentials = CredentialIndex()
    /// Live agent sessions (issue 13; `SessionIndex`).
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
        peopleCredentialCount = credentials.countOwned { bot($0) != nil }
        peopleCountVersions = versions
    }
}

// MARK: What the program asks of the account

extension Account {
    /// The bot `id` names (in either spelling), if the account has it.
    public func bot(_ id: String) -> BotUser? { botTable[id] }

    /// The owner's credentials, in the order they arrived (`credentials.newestFirst(of:)` gives
    /// the order lists show them in).
    public func credentials(of owner: String) -> [Credential] { credentials.credentials(of: owner) }

    /// Who owns the credential `id` (empty for a credential without an owner), or nil when the
    /// account does not have it.
    public func owner(ofCredential id: String) -> String? { credentials.ownerOf[id] }

    /// Every owner (bot or person) is numbered the first time it is seen, and the filter, the sort
    /// orders and the visible list work on those numbers: the slot of the bot `id` names.
    func slot(ofBot id: String) -> Int32? { botTable.slot(of: id) }

    /// Of the bots in `slots`, in their order, those the filter's `needle` finds: in the bot's name
    /// or id, in one of its credentials' ids, descriptions or SSH fingerprints, or in one of its
    /// live sessions' ids or addresses.
    func matching(_ needle: Needle, among slots: some Sequence<Int32>) -> [Int32] {
        // The sessions are searched once, and only for a bot nothing else of matched: a word every
        // bot's name or credentials contain costs no scan of the sessions.
        var sessionOwners: Set<Int32>?
        return slots.filter { slot in
            if botTable.nameOrIDMatches(slot: slot, needle: needle) || credentials.anyMatches(slot: slot, needle: needle) { return true }
            let owners = sessionOwners ?? sessions.ownerSlots(matching: String(decoding: needle.bytes, as: UTF8.self), in: credentials)
            sessionOwners = owners
            return owners.contains(slot)
        }
    }
}
