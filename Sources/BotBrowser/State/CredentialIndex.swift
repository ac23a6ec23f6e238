import NgrokAPI

/// Credentials grouped by owner, so a bot's counts and its detail are one lookup.
/// Credentials owned by anyone who is not a known bot (people, `usr_…`) are kept but never shown under a bot.
public struct CredentialIndex: Sendable, Equatable {
    public private(set) var byOwner: [String: [Credential]] = [:]
    /// Where each credential lives, so a delete or a search by id is a lookup.
    public private(set) var ownerOf: [String: String] = [:]
    /// Per owner, the folded id, description and SSH fingerprint of each of its credentials, one
    /// blob (NUL between credentials): a filter keystroke asks each bot once whether anything of
    /// its matches, instead of looking up every credential.
    private var searchBlobs: [String: SearchBlob] = [:]
    /// Bumped by every change, so derived data (the filter's last answer, sort orders) knows when to redo.
    public private(set) var version = 0

    public init(_ credentials: [Credential] = []) {
        for credential in credentials { insert(credential) }
    }

    public func credentials(of owner: String) -> [Credential] { byOwner[owner] ?? [] }

    /// An owner's credentials newest first (ties by id), the order every list of them uses.
    public func newestFirst(of owner: String) -> [Credential] {
        credentials(of: owner).sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
    }

    public func credentials(of owner: String, kind: CredentialKind) -> [Credential] {
        credentials(of: owner).filter { $0.kind == kind }
    }

    public func counts(of owner: String) -> CredentialCounts {
        CredentialCounts(credentials(of: owner))
    }

    public var count: Int { ownerOf.count }

    /// Adds or replaces a credential (pages can overlap when an owner's list and the full list both arrive).
    public mutating func insert(_ credential: Credential) {
        version += 1
        let owner = credential.ownerID ?? ""
        var stored = credential.withoutToken
        // Derivable from the id and never shown: not worth 50,000 strings.
        stored.uri = ""
        if let previous = ownerOf[credential.id] {
            byOwner[previous]?.removeAll { $0.id == credential.id }
            rebuildBlob(of: previous)
            if previous != owner { rebuildBlob(of: owner) }
        }
        ownerOf[credential.id] = owner
        byOwner[owner, default: []].append(stored)
        searchBlobs[owner, default: SearchBlob()].append(Self.searchBytes(stored))
    }

    /// The first of `owner`'s credentials whose id, description or SSH fingerprint contains
    /// `needle` (folded with `ByteSearch.folded`).
    func firstMatch(owner: String, needle: [UInt8]) -> Credential? {
        guard let blob = searchBlobs[owner], let at = ByteSearch.firstOffset(of: needle, in: blob.bytes),
              let index = blob.credentialIndex(at: at), let credentials = byOwner[owner], index < credentials.count else { return nil }
        return credentials[index]
    }

    /// The same, for lower-case text.
    public func firstMatch(owner: String, needle: String) -> Credential? {
        firstMatch(owner: owner, needle: Array(needle.utf8))
    }

    public mutating func remove(id: String) {
        guard let owner = ownerOf.removeValue(forKey: id) else { return }
        version += 1
        byOwner[owner]?.removeAll { $0.id == id }
        rebuildBlob(of: owner)
    }

    public mutating func removeAll(ownedBy owner: String) {
        version += 1
        for credential in byOwner.removeValue(forKey: owner) ?? [] {
            ownerOf[credential.id] = nil
        }
        searchBlobs[owner] = nil
    }

    /// What a filter searches in a credential. An SSH key is also found by its fingerprint
    /// (`SHA256:…`), the form `ssh-keygen -l` and logs show.
    static func searchBytes(_ credential: Credential) -> [UInt8] {
        let fingerprint = credential.publicKey.flatMap(SSHFingerprint.sha256(publicKey:)).map { "\n" + $0 } ?? ""
        return ByteSearch.folded(credential.id + "\n" + credential.description + fingerprint)
    }

    private mutating func rebuildBlob(of owner: String) {
        let credentials = byOwner[owner] ?? []
        var blob = SearchBlob()
        for credential in credentials { blob.append(Self.searchBytes(credential)) }
        searchBlobs[owner] = credentials.isEmpty ? nil : blob
    }

    /// Replaces one owner's credentials of one kind with a fresh, complete list.
    public mutating func replace(owner: String, kind: CredentialKind, with fresh: [Credential]) {
        for old in credentials(of: owner, kind: kind) { remove(id: old.id) }
        for credential in fresh { insert(credential) }
    }

    /// Credentials whose owner is not a bot (`isBot` false): people's, never shown under a bot.
    public func countOwned(notBy isBot: (String) -> Bool) -> Int {
        byOwner.reduce(0) { $0 + (isBot($1.key) ? 0 : $1.value.count) }
    }
}

/// One owner's credentials' search text, one after another (NUL between them, so no match spans
/// two), with where each starts: a match's offset tells which credential it is, in `byOwner`'s order.
struct SearchBlob: Sendable, Equatable {
    private(set) var bytes: [UInt8] = []
    private(set) var starts: [Int] = []

    mutating func append(_ text: [UInt8]) {
        if !bytes.isEmpty { bytes.append(0) }
        starts.append(bytes.count)
        bytes.append(contentsOf: text)
    }

    func credentialIndex(at offset: Int) -> Int? {
        starts.lastIndex { $0 <= offset }
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
        switch kind {
        case .apiKey: apiKeys
        case .authtoken: authtokens
        case .sshCredential: sshCredentials
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
