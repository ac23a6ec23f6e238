import NgrokAPI

/// Credentials grouped by owner, so a bot's counts and its detail are one lookup.
/// Credentials owned by anyone who is not a known bot (people, `usr_…`) are kept but never shown under a bot.
public struct CredentialIndex: Sendable, Equatable {
    /// Every credential, a compact record each (`CredentialRecord`); a removed one's record stays,
    /// emptied, until so many are that the index is built again (`compactIfWasteful`).
    private var records = ChunkedArray<CredentialRecord>()
    private var removedRecords = 0
    /// The records' ids, descriptions and public keys.
    private var text = TextArena()
    /// Record numbers by credential id, so a delete or a search by id is a lookup.
    private var byID = RecordTable()
    /// Every owner ever seen (bots and people), numbered in the order first seen. The lists below
    /// are indexed by that number, and the filter walks numbers, not ids: ten thousand string
    /// hashes per keystroke were most of its time.
    private var slots = OwnerSlots()
    /// Per owner slot: its first and last credential's record (in the order they arrived, chained
    /// by `CredentialRecord.next`), -1 for none, and how many it has.
    private var firstOf: [Int32] = []
    private var lastOf: [Int32] = []
    private var countOf: [Int32] = []
    /// Per owner slot, the folded id, description and SSH fingerprint of each of its credentials,
    /// one blob (NUL between credentials, in arrival order): a filter keystroke asks each bot once
    /// whether anything of its matches, instead of looking up every credential.
    private var searchBlobs = ChunkedArray<SearchBlob>()
    private var kindCounts = CredentialCounts()
    private var metadataTexts = Interned("")
    private var aclLists = Interned([String]())
    /// Bumped by every change, so derived data (the filter's last answer, sort orders) knows when to redo.
    public private(set) var version = 0

    public init(_ credentials: [Credential] = []) {
        for credential in credentials { insert(credential) }
    }

    /// Who owns a credential, by its id: `ownerOf[id]`.
    public var ownerOf: OwnerLookup { OwnerLookup(index: self) }

    public struct OwnerLookup: Sendable {
        fileprivate let index: CredentialIndex

        public subscript(credentialID: String) -> String? {
            index.record(id: credentialID).map { index.slots.ids[Int(index.records[Int($0)].slot)] }
        }
    }

    public func credentials(of owner: String) -> [Credential] {
        guard let slot = slots.existingSlot(of: owner) else { return [] }
        return records(of: slot).map { credential(at: $0, owner: owner) }
    }

    /// An owner's credentials newest first (ties by id), the order every list of them uses.
    public func newestFirst(of owner: String) -> [Credential] {
        credentials(of: owner).sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
    }

    public func credentials(of owner: String, kind: CredentialKind) -> [Credential] {
        credentials(of: owner).filter { $0.kind == kind }
    }

    public func counts(of owner: String) -> CredentialCounts {
        var counts = CredentialCounts()
        for index in slots.existingSlot(of: owner).map(records(of:)) ?? [] { counts[records[Int(index)].kind] += 1 }
        return counts
    }

    /// How many credentials the owner has, of every kind.
    public func credentialCount(of owner: String) -> Int {
        slots.existingSlot(of: owner).map { Int(countOf[Int($0)]) } ?? 0
    }

    public var count: Int { byID.count }

    /// How many credentials of `kind` are held: when it equals how many a complete list delivered,
    /// none of them is stale.
    public func count(of kind: CredentialKind) -> Int { kindCounts[kind] }

    /// Adds or replaces a credential (pages can overlap when an owner's list and the full list both arrive).
    public mutating func insert(_ credential: Credential) {
        let owner = credential.ownerID ?? ""
        if let held = record(id: credential.id) {
            // A reload sends every credential again, mostly unchanged: nothing to redo for those.
            if self.credential(at: held, owner: slots.ids[Int(records[Int(held)].slot)]) == Self.kept(credential) { return }
            remove(record: held)
        }
        version += 1
        let slot = slot(for: owner)
        let index = Int32(records.count)
        records.append(CredentialRecord(createdAt: credential.createdAt,
                                        text: text.append([credential.id, credential.description, credential.publicKey]),
                                        slot: slot, next: -1, metadata: metadataTexts.number(of: credential.metadata),
                                        acl: aclLists.number(of: credential.acl), kind: credential.kind))
        if lastOf[Int(slot)] >= 0 { records[Int(lastOf[Int(slot)])].next = index } else { firstOf[Int(slot)] = index }
        lastOf[Int(slot)] = index
        countOf[Int(slot)] += 1
        var id = credential.id
        let hash = id.withUTF8 { TextArena.hash(of: $0) }
        byID.insert(index, hash: hash)
        searchBlobs[Int(slot)].append(Self.searchBytes(credential))
        kindCounts[credential.kind] += 1
        compactIfWasteful()
    }

    /// What the index gives back of a credential: all of it but the derivable URI and the secret.
    private static func kept(_ credential: Credential) -> Credential {
        var kept = credential
        kept.uri = ""
        kept.token = nil
        if kept.ownerID == "" { kept.ownerID = nil }
        return kept
    }

    /// The API's form of a record (for the few that are shown or acted on at a time).
    private func credential(at index: Int32, owner: String) -> Credential {
        let record = records[Int(index)]
        let texts = text.texts(at: record.text, count: 3)
        return Credential(id: texts[0] ?? "", kind: record.kind, ownerID: owner.isEmpty ? nil : owner, description: texts[1] ?? "",
                          metadata: metadataTexts[record.metadata], createdAt: record.createdAt, acl: aclLists[record.acl],
                          publicKey: texts[2])
    }

    /// The record of the credential `id`, if it is held.
    private func record(id: String) -> Int32? {
        var id = id
        return id.withUTF8 { record(id: $0) }
    }

    private func record(id utf8: UnsafeBufferPointer<UInt8>) -> Int32? {
        byID.records(withHash: TextArena.hash(of: utf8)).first { text.text(at: records[Int($0)].text, equals: utf8) }
    }

    /// The slot of the owner of the credential `id`, if it is held.
    func ownerSlot(ofCredential id: String) -> Int32? {
        record(id: id).map { records[Int($0)].slot }
    }

    /// The owner's records, in the order they arrived.
    private func records(of slot: Int32) -> [Int32] {
        var list: [Int32] = []
        var at = firstOf[Int(slot)]
        while at >= 0 {
            list.append(at)
            at = records[Int(at)].next
        }
        return list
    }

    /// The number of `owner` in the slot lists, given on first sight: a bot takes its number when
    /// it arrives, so the bot list and the credentials share one numbering.
    @discardableResult
    public mutating func slot(for owner: String) -> Int32 {
        let slot = slots.slot(for: owner)
        while firstOf.count <= Int(slot) {
            firstOf.append(-1)
            lastOf.append(-1)
            countOf.append(0)
            searchBlobs.append(SearchBlob())
        }
        return slot
    }

    /// The slot of a bot the server just named, with the owner spelled as the bot is: when its
    /// credentials came first with the other spelling of its id (`BotID`), the bot list's wins.
    mutating func slot(forBot id: String) -> Int32 {
        let slot = slot(for: id)
        if slots.ids[Int(slot)] != id {
            slots.respell(slot, as: id)
            version += 1
        }
        return slot
    }

    /// The owner numbered `slot`.
    public func owner(ofSlot slot: Int32) -> String { slots.ids[Int(slot)] }

    /// Every owner id by slot, for a list of slots to be read as ids without a copy.
    var ownerIDs: [String] { slots.ids }

    /// Drops the room each owner's search text keeps for credentials still to come.
    public mutating func fitSearchText() {
        for slot in searchBlobs.indices { searchBlobs[slot].fit() }
    }

    /// Whether any of the credentials of the owner numbered `slot` contains `needle` (folded).
    func anyMatches(slot: Int32, needle: Needle) -> Bool {
        searchBlobs[Int(slot)].contains(needle)
    }

    /// The first of `owner`'s credentials whose id, description or SSH fingerprint contains
    /// `needle` (folded with `ByteSearch.folded`).
    func firstMatch(owner: String, needle: [UInt8]) -> Credential? {
        guard let slot = slots.existingSlot(of: owner) else { return nil }
        let blob = searchBlobs[Int(slot)]
        let held = records(of: slot)
        guard let at = ByteSearch.firstOffset(of: needle, in: blob.bytes),
              let index = blob.textIndex(at: at), index < held.count else { return nil }
        return credential(at: held[index], owner: owner)
    }

    /// The same, for lower-case text.
    public func firstMatch(owner: String, needle: String) -> Credential? {
        firstMatch(owner: owner, needle: Array(needle.utf8))
    }

    public mutating func remove(id: String) {
        guard let held = record(id: id) else { return }
        remove(record: held)
        compactIfWasteful()
    }

    public mutating func removeAll(ownedBy owner: String) {
        guard let slot = slots.existingSlot(of: owner) else { return }
        version += 1
        for index in records(of: slot) {
            byID.remove(index, hash: text.hashOfText(at: records[Int(index)].text))
            kindCounts[records[Int(index)].kind] -= 1
            records[Int(index)].slot = -1
            removedRecords += 1
        }
        (firstOf[Int(slot)], lastOf[Int(slot)], countOf[Int(slot)]) = (-1, -1, 0)
        searchBlobs[Int(slot)] = SearchBlob()
        compactIfWasteful()
    }

    /// Removes every credential of `kind` whose id `isGone` says is gone (one id made at a time:
    /// the ids of a whole kind at once would be thousands of strings at the load's peak).
    public mutating func removeAll(of kind: CredentialKind, where isGone: (String) -> Bool) {
        let gone = records.indices.filter { index in
            records[index].slot >= 0 && records[index].kind == kind && isGone(text.texts(at: records[index].text, count: 1)[0] ?? "")
        }
        for index in gone { remove(record: Int32(index)) }
        compactIfWasteful()
    }

    /// Takes a record out of its owner's chain and the id table; the slot's search blob is made again.
    private mutating func remove(record index: Int32) {
        version += 1
        let held = records[Int(index)]
        let slot = Int(held.slot)
        var previous: Int32 = -1
        var at = firstOf[slot]
        while at != index {
            previous = at
            at = records[Int(at)].next
        }
        if previous >= 0 { records[Int(previous)].next = held.next } else { firstOf[slot] = held.next }
        if lastOf[slot] == index { lastOf[slot] = previous }
        countOf[slot] -= 1
        kindCounts[held.kind] -= 1
        byID.remove(index, hash: text.hashOfText(at: held.text))
        records[Int(index)].slot = -1
        records[Int(index)].next = -1
        removedRecords += 1
        let owner = slots.ids[slot]
        var blob = SearchBlob()
        for kept in records(of: Int32(slot)) { blob.append(Self.searchBytes(credential(at: kept, owner: owner))) }
        searchBlobs[slot] = blob
    }

    /// Once most records are removed ones (a reload that changed much, a bulk delete), the index
    /// is built again from what is held, in the same slots, so the arena drops the dead texts.
    private mutating func compactIfWasteful() {
        guard records.count >= 1024, removedRecords * 2 > records.count else { return }
        var fresh = CredentialIndex()
        fresh.slots = slots
        for slot in slots.ids.indices {
            fresh.slot(for: slots.ids[slot])
            for index in records(of: Int32(slot)) { fresh.insert(credential(at: index, owner: slots.ids[slot])) }
        }
        fresh.version = version + 1
        self = fresh
    }

    /// What a filter searches in a credential. An SSH key is also found by its fingerprint
    /// (`SHA256:…`), the form `ssh-keygen -l` and logs show.
    static func searchBytes(_ credential: Credential) -> [UInt8] {
        let fingerprint = credential.publicKey.flatMap(SSHFingerprint.sha256(publicKey:))
        return ByteSearch.folded([credential.id, credential.description] + (fingerprint.map { [$0] } ?? []))
    }

    /// Replaces one owner's credentials of one kind with a fresh, complete list.
    public mutating func replace(owner: String, kind: CredentialKind, with fresh: [Credential]) {
        for old in credentials(of: owner, kind: kind) { remove(id: old.id) }
        for credential in fresh { insert(credential) }
    }

    /// Credentials whose owner is not a bot (`isBot` false): people's, never shown under a bot.
    public func countOwned(notBy isBot: (String) -> Bool) -> Int {
        zip(slots.ids, countOf).reduce(0) { $0 + ($1.1 == 0 || isBot($1.0) ? 0 : Int($1.1)) }
    }
}

/// Owner ids numbered in the order first seen; a number is never reused, so a slot list indexed
/// by it stays valid when an owner goes. Owners are told apart by `BotID.key`: both spellings of
/// a bot's id are one owner.
struct OwnerSlots: Sendable, Equatable {
    private(set) var ids: [String] = []
    private var slotOf: [String: Int32] = [:]

    mutating func slot(for id: String) -> Int32 {
        let key = BotID.key(id)
        if let slot = slotOf[key] { return slot }
        let slot = Int32(ids.count)
        ids.append(id)
        slotOf[key] = slot
        return slot
    }

    func existingSlot(of id: String) -> Int32? { slotOf[BotID.key(id)] }

    mutating func respell(_ slot: Int32, as id: String) { ids[Int(slot)] = id }
}

/// How many credentials of each kind one owner has.
public struct CredentialCounts: Sendable, Hashable {
    public var apiKeys = 0
    public var authtokens = 0
    public var sshCredentials = 0

    public init(apiKeys: Int = 0, authtokens: Int = 0, sshCredentials: Int = 0) {
        self.apiKeys = apiKeys
        self.authtokens = authtokens
        self.sshCredentials = sshCredentials
    }

    public init(_ credentials: [Credential]) {
        for credential in credentials {
            switch credential.kind {
            case .apiKey: apiKeys += 1
            case .authtoken: authtokens += 1
            case .sshCredential: sshCredentials += 1
            }
        }
    }

    public subscript(kind: CredentialKind) -> Int {
        get {
            switch kind {
            case .apiKey: apiKeys
            case .authtoken: authtokens
            case .sshCredential: sshCredentials
            }
        }
        set {
            switch kind {
            case .apiKey: apiKeys = newValue
            case .authtoken: authtokens = newValue
            case .sshCredential: sshCredentials = newValue
            }
        }
    }

    public var total: Int { apiKeys + authtokens + sshCredentials }

    public static func + (a: CredentialCounts, b: CredentialCounts) -> CredentialCounts {
        CredentialCounts(apiKeys: a.apiKeys + b.apiKeys, authtokens: a.authtokens + b.authtokens,
                         sshCredentials: a.sshCredentials + b.sshCredentials)
    }

    /// "3 API keys, 1 authtoken and 2 SSH keys"; kinds with none are left out.
    public var phrase: String {
        let parts = CredentialKind.allCases.filter { self[$0] > 0 }.map { $0.counted(self[$0]) }
        switch parts.count {
        case 0: return "no credentials"
        case 1: return parts[0]
        default: return parts.dropLast().joined(separator: ", ") + " and " + parts.last!
        }
    }
}
