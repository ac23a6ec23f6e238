import Essentials

/// An API key, an authtoken or an SSH credential. The owner is fixed at creation.
public struct Credential: Codable, Sendable, Equatable, Hashable, Identifiable {
    public var id: String
    public var kind: CredentialKind
    public var uri: String
    public var ownerID: String?
    public var description: String
    public var metadata: String
    public var createdAt: Date
    /// Authtoken ACL rules or SSH credential ACL rules.
    public var acl: [String]
    /// Only for SSH credentials.
    public var publicKey: String?
    /// The secret; the API sends it only in the response to a create.
    public var token: String?

    public init(
        id: String, kind: CredentialKind, uri: String = "", ownerID: String?, description: String = "",
        metadata: String = "", createdAt: Date, acl: [String] = [], publicKey: String? = nil, token: String? = nil
    ) {
        self.id = id
        self.kind = kind
        self.uri = uri
        self.ownerID = ownerID
        self.description = description
        self.metadata = metadata
        self.createdAt = createdAt
        self.acl = acl
        self.publicKey = publicKey
        self.token = token
    }

    enum CodingKeys: String, CodingKey {
        case id, uri, description, metadata, acl, token
        case ownerID = "owner_id"
        case createdAt = "created_at"
        case publicKey = "public_key"
    }

    /// The kind is not in the JSON; the collection it came from decides it (see `CredentialKind`).
    public static let kindKey = CodingUserInfoKey(rawValue: "ngrok-bots.credential-kind")!

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        kind = decoder.userInfo[Self.kindKey] as? CredentialKind ?? .apiKey
        uri = try c.decodeIfPresent(String.self, forKey: .uri) ?? ""
        ownerID = try c.decodeIfPresent(String.self, forKey: .ownerID)
        description = try c.decodeServerText(forKey: .description, decoder: decoder) ?? ""
        metadata = try c.decodeServerText(forKey: .metadata, decoder: decoder) ?? ""
        createdAt = try c.decode(Date.self, forKey: .createdAt)
        acl = try c.decodeIfPresent([String].self, forKey: .acl) ?? []
        publicKey = try c.decodeIfPresent(String.self, forKey: .publicKey)
        token = try c.decodeIfPresent(String.self, forKey: .token)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(uri, forKey: .uri)
        try c.encodeIfPresent(ownerID, forKey: .ownerID)
        try c.encode(description, forKey: .description)
        // Left out when empty, as the API does (`api_keys_list` in its reference).
        if !metadata.isEmpty { try c.encode(metadata, forKey: .metadata) }
        try c.encode(createdAt, forKey: .createdAt)
        if kind != .apiKey { try c.encode(acl, forKey: .acl) }
        try c.encodeIfPresent(publicKey, forKey: .publicKey)
        try c.encodeIfPresent(token, forKey: .token)
    }

    /// The same credential with its secret dropped, for anything that outlives the one-time display.
    public var withoutToken: Credential {
        var copy = self
        copy.token = nil
        return copy
    }
}
