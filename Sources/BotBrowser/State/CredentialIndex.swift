import NgrokAPI

/// Credentials grouped by owner, so a bot's counts and its detail are one lookup.
/// Credentials owned by anyone who is not a known bot (people, `usr_…`) are kept but never shown under a bot.
public struct CredentialIndex: Sendable, Equatable {
    /// Which owner slot each credential is filed under, so a delete or a search by id is a lookup.
    private var slotOf: [String: Int32] = [:]
    /// Every owner ever seen (bots and people), numbered in the order first seen. The lists below
    /// are indexed by that number, and the filter walks numbers, not ids: ten thousand string
    /// hashes per keystroke were most of its time.
    private var slots = OwnerSlots()
    /// Per owner slot, its credentials in the order they arrived.
    private var lists: [[StoredCredential]] = []
    /// What the few credentials with metadata, ACL rules or a public key have (`StoredCredential.extras`).
    private var extras: [CredentialExtras] = []
    /// Per owner slot, the folded id, description and SSH fingerprint of each of its credentials,
    /// one blob (NUL between credentials, in `lists` order): a filter keystroke asks each bot once
    /// whether anything of its matches, instead of looking up every credential.
    private var searchBlobs: [SearchBlob] = []
    private var kindCounts = CredentialCounts()
    /// One copy of each metadata and ACL text: they repeat across thousands of credentials.
    private var strings = StringInterner()
    /// Bumped by every change, so derived data (the filter's last answer, sort orders) knows when to redo.
    public private(set) var version = 0

    public init(_ credentials: [Credential] = []) {
        for credential in credentials { insert(credential) }
    }

    /// Who owns a credential, by its id: `ownerOf[id]`.
    public var ownerOf: OwnerLookup { OwnerLookup(slotOf: slotOf, owners: slots.ids) }

    public struct OwnerLookup: Sendable {
        fileprivate let slotOf: [String: Int32]
        fileprivate let owners: [String]

        public subscript(credentialID: String) -> String? { slotOf[credentialID].map { owners[Int($0)] } }
    }

    public func credentials(of owner: String) -> [Credential] {
        guard let slot = slots.existingSlot(of: owner) else { return [] }
        return lists[Int(slot)].map { credential($0, owner: owner) }
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
        for stored in slots.existingSlot(of: owner).map({ lists[Int($0)] }) ?? [] { counts[stored.kind] += 1 }
        return counts
    }

    /// How many credentials the owner has, of every kind.
    public func credentialCount(of owner: String) -> Int {
        slots.existingSlot(of: owner).map { lists[Int($0)].count } ?? 0
    }

    public var count: Int { slotOf.count }

    /// How many credentials of `kind` are held: when it equals how many a complete list delivered,
    /// none of them is stale.
    public func count(of kind: CredentialKind) -> Int { kindCounts[kind] }

    /// The ids of every credential of `kind`, whoever owns it.
    public func ids(of kind: CredentialKind) -> [String] {
        lists.flatMap { $0.filter { $0.kind == kind }.map(\.id) }
    }

    /// Adds or replaces a credential (pages can overlap when an owner's list and the full list both arrive).
    public mutating func insert(_ credential: Credential) {
        version += 1
        let slot = slot(for: credential.ownerID ?? "")
        if let previous = slotOf.updateValue(slot, forKey: credential.id) {
            removeFromList(id: credential.id, slot: previous)
        }
        let more = CredentialExtras(metadata: strings.intern(credential.metadata), acl: strings.intern(credential.acl),
                                    publicKey: credential.publicKey)
        if !more.isEmpty { extras.append(more) }
        let stored = StoredCredential(id: credential.id, description: credential.description, createdAt: credential.createdAt,
                                      kind: credential.kind, extras: more.isEmpty ? -1 : Int32(extras.count - 1))
        lists[Int(slot)].growSparingly(by: 1)
        lists[Int(slot)].append(stored)
        searchBlobs[Int(slot)].append(Self.searchBytes(credential))
        kindCounts[stored.kind] += 1
    }

    /// The API's form of a stored credential (for the few that are shown or acted on at a time).
    private func credential(_ stored: StoredCredential, owner: String) -> Credential {
        let more = stored.extras >= 0 ? extras[Int(stored.extras)] : CredentialExtras(metadata: "", acl: [], publicKey: nil)
        return Credential(id: stored.id, kind: stored.kind, ownerID: owner.isEmpty ? nil : owner, description: stored.description,
                          metadata: more.metadata, createdAt: stored.createdAt, acl: more.acl, publicKey: more.publicKey)
    }

    /// The number of `owner` in the slot lists, given on first sight: a bot takes its number when
    /// it arrives, so the bot list and the credentials share one numbering.
    @discardableResult
    public mutating func slot(for owner: String) -> Int32 {
        let slot = slots.slot(for: owner)
        while lists.count <= Int(slot) {
            lists.append([])
            searchBlobs.append(SearchBlob())
        }
        return slot
    }

    /// The owner numbered `slot`.
    public func owner(ofSlot slot: Int32) -> String { slots.ids[Int(slot)] }

    /// Every owner id by slot, for a list of slots to be read as ids without a copy.
    var ownerIDs: [String] { slots.ids }

    /// Whether any of the credentials of the owner numbered `slot` contains `needle` (folded).
    func anyMatches(slot: Int32, needle: Needle) -> Bool {
        searchBlobs[Int(slot)].contains(needle)
    }

    /// The first of `owner`'s credentials whose id, description or SSH fingerprint contains
    /// `needle` (folded with `ByteSearch.folded`).
    func firstMatch(owner: String, needle: [UInt8]) -> Credential? {
        guard let slot = slots.existingSlot(of: owner) else { return nil }
        let blob = searchBlobs[Int(slot)]
        let stored = lists[Int(slot)]
        guard let at = ByteSearch.firstOffset(of: needle, in: blob.bytes),
              let index = blob.textIndex(at: at), index < stored.count else { return nil }
        return credential(stored[index], owner: owner)
    }

    /// The same, for lower-case text.
    public func firstMatch(owner: String, needle: String) -> Credential? {
        firstMatch(owner: owner, needle: Array(needle.utf8))
    }

    public mutating func remove(id: String) {
        guard let slot = slotOf.removeValue(forKey: id) else { return }
        version += 1
        removeFromList(id: id, slot: slot)
    }

    public mutating func removeAll(ownedBy owner: String) {
        guard let slot = slots.existingSlot(of: owner) else { return }
        version += 1
        for stored in lists[Int(slot)] {
            slotOf[stored.id] = nil
            kindCounts[stored.kind] -= 1
        }
        lists[Int(slot)] = []
        searchBlobs[Int(slot)] = SearchBlob()
    }

    private mutating func removeFromList(id: String, slot: Int32) {
        let index = Int(slot)
        guard let at = lists[index].firstIndex(where: { $0.id == id }) else { return }
        kindCounts[lists[index][at].kind] -= 1
        lists[index].remove(at: at)
        let owner = slots.ids[index]
        var blob = SearchBlob()
        for stored in lists[index] { blob.append(Self.searchBytes(credential(stored, owner: owner))) }
        searchBlobs[index] = blob
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
        zip(slots.ids, lists).reduce(0) { $0 + ($1.1.isEmpty || isBot($1.0) ? 0 : $1.1.count) }
    }
}

/// Owner ids numbered in the order first seen; a number is never reused, so a slot list indexed
/// by it stays valid when an owner goes.
struct OwnerSlots: Sendable, Equatable {
    private(set) var ids: [String] = []
    private var slotOf: [String: Int32] = [:]

    mutating func slot(for id: String) -> Int32 {
        if let slot = slotOf[id] { return slot }
        let slot = Int32(ids.count)
        ids.append(id)
        slotOf[id] = slot
        return slot
    }

    func existingSlot(of id: String) -> Int32? { slotOf[id] }
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
