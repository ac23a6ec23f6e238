import NgrokAPI

/// Credentials grouped by owner slot (the number `Account` gives each owner, bot or person), so a
/// bot's counts and its detail are one lookup. The index knows owners only by their numbers; it
/// names a credential's owner with the id the caller gives.
struct CredentialIndex: Sendable, Equatable {
    /// Every credential, a compact record each (`CredentialRecord`); a removed one's record stays,
    /// emptied, until so many are that the index is built again (`compactIfWasteful`).
    private var records = ChunkedArray<CredentialRecord>()
    private var removedRecords = 0
    /// The records' ids, descriptions and public keys.
    private var text = TextArena()
    /// Record numbers by credential id, so a delete or a search by id is a lookup.
    private var byID = RecordTable()
    /// Per owner slot: its first and last credential's record (in the order they arrived, chained
    /// by `CredentialRecord.next`), -1 for none, and how many it has. The filter walks slots, not
    /// ids: ten thousand string hashes per keystroke were most of its time.
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
    private(set) var version = 0

    init() {}

    /// The credentials of the owner numbered `slot`, in the order they arrived, each naming `owner`
    /// as its owner (none when it is empty).
    func credentials(ofSlot slot: Int32, owner: String) -> [Credential] {
        records(of: slot).map { credential(at: $0, owner: owner) }
    }

    func counts(ofSlot slot: Int32) -> CredentialCounts {
        var counts = CredentialCounts()
        for index in records(of: slot) { counts[records[Int(index)].kind] += 1 }
        return counts
    }

    /// How many credentials the owner numbered `slot` has, of every kind.
    func credentialCount(ofSlot slot: Int32) -> Int {
        Int(slot) < countOf.count ? Int(countOf[Int(slot)]) : 0
    }

    var count: Int { byID.count }

    /// How many credentials of `kind` are held: when it equals how many a complete list delivered,
    /// none of them is stale.
    func count(of kind: CredentialKind) -> Int { kindCounts[kind] }

    /// Adds or replaces a credential, owned by the owner numbered `slot` (pages can overlap when an
    /// owner's list and the full list both arrive).
    mutating func insert(_ credential: Credential, slot: Int32) {
        if let held = record(id: credential.id) {
            // A reload sends every credential again, mostly unchanged: nothing to redo for those.
            if records[Int(held)].slot == slot && self.credential(at: held, owner: "") == Self.kept(credential) { return }
            remove(record: held)
        }
        version += 1
        makeRoom(for: slot)
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

    /// What the index gives back of a credential: all of it but the derivable URI, the secret and
    /// the owner (its slot says who).
    private static func kept(_ credential: Credential) -> Credential {
        var kept = credential
        kept.uri = ""
        kept.token = nil
        kept.ownerID = nil
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
        var at = Int(slot) < firstOf.count ? firstOf[Int(slot)] : -1
        while at >= 0 {
            list.append(at)
            at = records[Int(at)].next
        }
        return list
    }

    /// Grows the per-slot lists to hold `slot`.
    private mutating func makeRoom(for slot: Int32) {
        while firstOf.count <= Int(slot) {
            firstOf.append(-1)
            lastOf.append(-1)
            countOf.append(0)
            searchBlobs.append(SearchBlob())
        }
    }

    /// Drops the room each owner's search text keeps for credentials still to come.
    mutating func fitSearchText() {
        for slot in searchBlobs.indices { searchBlobs[slot].fit() }
    }

    /// Whether any of the credentials of the owner numbered `slot` contains `needle` (folded).
    func anyMatches(slot: Int32, needle: Needle) -> Bool {
        Int(slot) < searchBlobs.count && searchBlobs[Int(slot)].contains(needle)
    }

    /// The first of the credentials of the owner numbered `slot` whose id, description or SSH
    /// fingerprint contains `needle` (folded with `ByteSearch.folded`), naming `owner` as its owner.
    func firstMatch(slot: Int32, owner: String, needle: [UInt8]) -> Credential? {
        guard Int(slot) < searchBlobs.count else { return nil }
        let blob = searchBlobs[Int(slot)]
        let held = records(of: slot)
        guard let at = ByteSearch.firstOffset(of: needle, in: blob.bytes),
              let index = blob.textIndex(at: at), index < held.count else { return nil }
        return credential(at: held[index], owner: owner)
    }

    mutating func remove(id: String) {
        guard let held = record(id: id) else { return }
        remove(record: held)
        compactIfWasteful()
    }

    mutating func removeAll(ofSlot slot: Int32) {
        guard Int(slot) < firstOf.count else { return }
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
    mutating func removeAll(of kind: CredentialKind, where isGone: (String) -> Bool) {
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
        var blob = SearchBlob()
        for kept in records(of: Int32(slot)) { blob.append(Self.searchBytes(credential(at: kept, owner: ""))) }
        searchBlobs[slot] = blob
    }

    /// Once most records are removed ones (a reload that changed much, a bulk delete), the index
    /// is built again from what is held, in the same slots, so the arena drops the dead texts.
    private mutating func compactIfWasteful() {
        guard records.count >= 1024, removedRecords * 2 > records.count else { return }
        var fresh = CredentialIndex()
        for slot in firstOf.indices {
            fresh.makeRoom(for: Int32(slot))
            for index in records(of: Int32(slot)) { fresh.insert(credential(at: index, owner: ""), slot: Int32(slot)) }
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

    /// How many credentials are owned by the owners `counts` says to count: `counts(slot)`.
    func countOwned(by counts: (Int32) -> Bool) -> Int {
        countOf.indices.reduce(0) { $0 + (countOf[$1] > 0 && counts(Int32($1)) ? Int(countOf[$1]) : 0) }
    }
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
