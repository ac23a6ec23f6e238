import Essentials

/// A bot user (the API now also calls it a service user): an owner of credentials that is not a person.
public struct BotUser: Codable, Sendable, Equatable, Hashable, Identifiable {
    public var id: String
    public var uri: String
    public var name: String
    public var active: Bool
    public var createdAt: Date

    public init(id: String, uri: String = "", name: String, active: Bool, createdAt: Date) {
        self.id = id
        self.uri = uri
        self.name = name
        self.active = active
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, uri, name, active
        case createdAt = "created_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        uri = try c.decodeIfPresent(String.self, forKey: .uri) ?? ""
        name = try c.decodeServerText(forKey: .name, decoder: decoder) ?? ""
        // A bot is active unless the server says otherwise (the API's own default on create).
        active = try c.decodeIfPresent(Bool.self, forKey: .active) ?? true
        createdAt = try c.decode(Date.self, forKey: .createdAt)
    }
}
