import Essentials

/// A live endpoint: what the world reaches (`url`) and who started it. For an agent's endpoint the
/// API names the session that serves it (`tunnel_session`) and the user or bot it runs as
/// (`principal`); cloud and edge endpoints have neither. Only the fields this program shows.
public struct Endpoint: Codable, Sendable, Equatable, Hashable, Identifiable {
    public var id: String
    /// Text from the server: clean it before drawing.
    public var url: String
    /// `ephemeral`, `cloud`, `edge`.
    public var type: String
    public var principalID: String?
    public var tunnelSessionID: String?
    public var createdAt: Date

    public init(id: String, url: String, type: String = "ephemeral", principalID: String?, tunnelSessionID: String?, createdAt: Date) {
        (self.id, self.url, self.type, self.principalID, self.tunnelSessionID, self.createdAt) =
            (id, url, type, principalID, tunnelSessionID, createdAt)
    }

    enum CodingKeys: String, CodingKey {
        case id, url, type, principal
        case publicURL = "public_url"
        case tunnelSession = "tunnel_session"
        case createdAt = "created_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        // `url` is the current field; older answers carry only `public_url`.
        url = try c.decodeServerText(forKey: .url, decoder: decoder) ?? c.decodeServerText(forKey: .publicURL, decoder: decoder) ?? ""
        type = try c.decodeIfPresent(String.self, forKey: .type) ?? ""
        principalID = try c.decodeIfPresent(ObjectReference.self, forKey: .principal)?.id
        tunnelSessionID = try c.decodeIfPresent(ObjectReference.self, forKey: .tunnelSession)?.id
        createdAt = try c.decode(Date.self, forKey: .createdAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(url, forKey: .url)
        try c.encode(url, forKey: .publicURL)
        try c.encode(type, forKey: .type)
        try c.encodeIfPresent(principalID.map { ObjectReference(id: $0, uri: "") }, forKey: .principal)
        try c.encodeIfPresent(tunnelSessionID.map { ObjectReference(id: $0, uri: "") }, forKey: .tunnelSession)
        try c.encode(createdAt, forKey: .createdAt)
    }
}
