import Essentials

/// The JSON body that creates or changes a credential: the client encodes it, the simulator decodes
/// it. A field left nil is not sent; one that arrives absent or of another type decodes as nil.
public struct CredentialFields: Codable, Sendable, Equatable {
    public var ownerID: String?
    public var description: String?
    public var metadata: String?
    public var acl: [String]?
    public var publicKey: String?

    enum CodingKeys: String, CodingKey {
        case ownerID = "owner_id"
        case description, metadata, acl
        case publicKey = "public_key"
    }

    public init(ownerID: String? = nil, description: String? = nil, metadata: String? = nil, acl: [String]? = nil,
                publicKey: String? = nil) {
        self.ownerID = ownerID
        self.description = description
        self.metadata = metadata
        self.acl = acl
        self.publicKey = publicKey
    }

    public init(from decoder: any Decoder) throws {
        let fields = try decoder.container(keyedBy: CodingKeys.self)
        ownerID = try? fields.decode(String.self, forKey: .ownerID)
        description = try? fields.decode(String.self, forKey: .description)
        metadata = try? fields.decode(String.self, forKey: .metadata)
        acl = try? fields.decode([String].self, forKey: .acl)
        publicKey = try? fields.decode(String.self, forKey: .publicKey)
    }
}
