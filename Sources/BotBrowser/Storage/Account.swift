import NgrokAPI

/// What the server told us about the account: its bots, their credentials and live sessions.
/// Only answers from the server (or the last run's cache of them) change it. The rest of the
/// program asks it by id (`bot(_:)`, `credentials(of:)`, `owner(ofCredential:)`) and by what the
/// filter typed (`matching(_:among:)`); how each part keeps its data is its own business
/// (`Storage/`). Every owner, bot or person, is numbered here the first time it is seen
/// (`OwnerSlots`); the bot table and the credential index are indexed by that number.
public struct Account: Sendable, Equatable {
    /// Which of the two paths for bots the server answers (`/service_users` or the older `/bot_users`), once known.
    public var resource: BotResource?
    /// `GET /self`'s answer: the account's name and the API key this program is using, once known.
    public var me: AccountSelf?
    private var owners = OwnerSlots()
    /// The bots by slot (`BotTable`); `bots` is its by-id view.
    private(set) var botTable = BotTable()
    private var credentialIndex = CredentialIndex()
    /// Live agent sessions (issue 13; `SessionIndex`).
    public var sessions = SessionIndex()
    /// Owners whose complete list of a kind was fetched ahead of the full load, so their count is known.
    public var ownerKindsLoaded: [String: Set<CredentialKind>] = [:]
    /// People's credentials (owners that are not bots), counted once per change, not once per frame.
    public private(set) var peopleCredentialCount = 0
    private var peopleCountVersions: [Int]?

    public init() {}

    public var bots: BotsByID { BotsByID(table: botTable, owners: owners) }
    public var botsVersion: Int { botTable.version }
    /// Bumped by every change to the credentials or to how their owners are spelled.
    public var credentialsVersion: Int { credentialIndex.version &+ owners.respellings }
    /// How many credentials are held, of every kind.
    public var credentialCount: Int { credentialIndex.count }
    /// How many credentials of `kind` are held: when it equals how many a complete list delivered,
    /// none of them is stale.
    public func credentialCount(of kind: CredentialKind) -> Int { credentialIndex.count(of: kind) }

    /// Adds or replaces bots, each in its owner's slot. Returns the slots of the bots that changed,
    /// each with whether it was there before (its place in a sort order may have moved).
    mutating func upsert(_ fresh: [BotUser]) -> [(slot: Int32, replaced: Bool)] {
        var changed: [(slot: Int32, replaced: Bool)] = []
        for bot in fresh {
            let slot = owners.slot(forBot: bot.id)
            let (didChange, previous) = botTable.upsert(bot, slot: slot)
            if didChange { changed.append((slot, previous != nil)) }
        }
        return changed
    }

    /// Removes a bot and every credential it owned. Returns its slot, or nil when it was not there.
    mutating func removeBot(id: String) -> Int32? {
        guard let slot = owners.existingSlot(of: id), botTable.remove(slot: slot) != nil else { return nil }
        credentialIndex.removeAll(ofSlot: slot)
        return slot
    }

    mutating func removeAllBots() {
        botTable.removeAll()
    }

    /// Adds or replaces a credential (pages can overlap when an owner's list and the full list both arrive).
    public mutating func insert(_ credential: Credential) {
        credentialIndex.insert(credential, slot: owners.slot(for: credential.ownerID ?? ""))
    }

    public mutating func removeCredential(id: String) {
        credentialIndex.remove(id: id)
    }

    /// Removes every credential of `kind` whose id `isGone` says is gone.
    mutating func removeCredentials(of kind: CredentialKind, where isGone: (String) -> Bool) {
        credentialIndex.removeAll(of: kind, where: isGone)
    }

    /// Replaces one owner's credentials of one kind with a fresh, complete list.
    mutating func replaceCredentials(of owner: String, kind: CredentialKind, with fresh: [Credential]) {
        for old in credentials(of: owner, kind: kind) { credentialIndex.remove(id: old.id) }
        for credential in fresh { insert(credential) }
    }

    /// Drops the room each owner's search text keeps for credentials still to come.
    mutating func fitSearchText() {
        credentialIndex.fitSearchText()
    }

    mutating func countPeoplesCredentials(isLoading: Bool) {
        // Shown only once everything has loaded; counting per page would walk every owner 600 times.
        guard !isLoading else { return }
        let versions = [botsVersion, credentialsVersion]
        if peopleCountVersions == versions { return }
        peopleCredentialCount = credentialIndex.countOwned { !botTable.holdsBot(atSlot: $0) }
        peopleCountVersions = versions
    }
}

// MARK: What the program asks of the account

extension Account {
    /// The bot `id` names (in either spelling), if the account has it.
    public func bot(_ id: String) -> BotUser? { bots[id] }

    /// The owner's credentials, in the order they arrived, each naming the owner as it was asked for.
    public func credentials(of owner: String) -> [Credential] {
        owners.existingSlot(of: owner).map { credentialIndex.credentials(ofSlot: $0, owner: owner) } ?? []
    }

    /// An owner's credentials newest first (ties by id), the order every list of them uses.
    public func newestFirst(of owner: String) -> [Credential] { credentials(of: owner).newestFirst }

    public func credentials(of owner: String, kind: CredentialKind) -> [Credential] {
        credentials(of: owner).filter { $0.kind == kind }
    }

    public func counts(of owner: String) -> CredentialCounts {
        owners.existingSlot(of: owner).map(credentialIndex.counts(ofSlot:)) ?? CredentialCounts()
    }

    /// How many credentials the owner has, of every kind.
    public func credentialCount(of owner: String) -> Int {
        owners.existingSlot(of: owner).map(credentialIndex.credentialCount(ofSlot:)) ?? 0
    }

    /// Who owns the credential `id` (empty for a credential without an owner), or nil when the
    /// account does not have it.
    public func owner(ofCredential id: String) -> String? {
        credentialIndex.ownerSlot(ofCredential: id).map(owner(ofSlot:))
    }

    /// The first of `owner`'s credentials whose id, description or SSH fingerprint contains
    /// `needle` (folded with `ByteSearch.folded`).
    func firstMatchingCredential(of owner: String, needle: [UInt8]) -> Credential? {
        owners.existingSlot(of: owner).flatMap { credentialIndex.firstMatch(slot: $0, owner: owner, needle: needle) }
    }

    /// The owner's live session whose id or address contains `needle` (lower case); the smallest
    /// id when several do, so what is shown does not change from one keystroke to the next.
    public func firstMatchingSession(of owner: String, needle: String) -> TunnelSession? {
        sessions.firstMatch(needle: needle, among: credentials(of: owner))
    }

    /// The slot of the bot `id` names, if the account has that bot.
    func slot(ofBot id: String) -> Int32? {
        owners.existingSlot(of: id).flatMap { botTable.holdsBot(atSlot: $0) ? $0 : nil }
    }

    /// The owner numbered `slot`, as the bot list last spelled it.
    func owner(ofSlot slot: Int32) -> String { owners.ids[Int(slot)] }

    /// Every owner id by slot, for a list of slots to be read as ids without a copy.
    var ownerIDs: [String] { owners.ids }

    /// Of the bots in `slots`, in their order, those the filter's `needle` finds: in the bot's name
    /// or id, in one of its credentials' ids, descriptions or SSH fingerprints, or in one of its
    /// live sessions' ids or addresses.
    func matching(_ needle: Needle, among slots: some Sequence<Int32>) -> [Int32] {
        // The sessions are searched once, and only for a bot nothing else of matched: a word every
        // bot's name or credentials contain costs no scan of the sessions.
        var sessionOwners: Set<Int32>?
        return slots.filter { slot in
            if botTable.nameOrIDMatches(slot: slot, needle: needle) || credentialIndex.anyMatches(slot: slot, needle: needle) { return true }
            let owners = sessionOwners ?? sessions.ownerSlots(matching: String(decoding: needle.bytes, as: UTF8.self), in: credentialIndex)
            sessionOwners = owners
            return owners.contains(slot)
        }
    }
}

extension [Credential] {
    /// Newest first (ties by id), the order every list of credentials uses.
    public var newestFirst: [Credential] { sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) } }
}
