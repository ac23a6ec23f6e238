/// `GET /self`: which account the API key belongs to, the key itself, and the user
/// (`_self_response.mdx` in ngrok's API reference). Only what the program uses is kept.
public struct AccountSelf: Codable, Sendable, Equatable {
    public struct Account: Codable, Sendable, Equatable {
        public var id: String
        public var name: String

        public init(id: String, name: String) {
            (self.id, self.name) = (id, name)
        }
    }

    /// The API key making the call (its `token` is always null here).
    public struct Key: Codable, Sendable, Equatable {
        public var id: String
        public var ownerID: String?
        public var description: String

        public init(id: String, ownerID: String?, description: String) {
            (self.id, self.ownerID, self.description) = (id, ownerID, description)
        }

        enum CodingKeys: String, CodingKey {
            case id, description
            case ownerID = "owner_id"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            ownerID = try c.decodeIfPresent(String.self, forKey: .ownerID)
            description = try c.decodeServerText(forKey: .description, decoder: decoder) ?? ""
        }
    }

    public var account: Account
    public var apiKey: Key
    public var user: String

    public init(account: Account, apiKey: Key, user: String) {
        (self.account, self.apiKey, self.user) = (account, apiKey, user)
    }

    enum CodingKeys: String, CodingKey {
        case account, user
        case apiKey = "api_key"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        account = try c.decode(Account.self, forKey: .account)
        apiKey = try c.decode(Key.self, forKey: .apiKey)
        user = try c.decodeIfPresent(String.self, forKey: .user) ?? ""
    }
}
