import Essentials

/// A live agent session: an ngrok agent connected to the service with one of the account's
/// authtokens (or SSH keys) right now. Stopping it tells that agent to exit.
public struct TunnelSession: Codable, Sendable, Equatable, Hashable, Identifiable {
    public var id: String
    public var uri: String
    /// The authtoken or SSH credential the agent authenticated with (`credential.id` in the API).
    public var credentialID: String
    /// The credential's own URI, as the API gives it (`credential.uri`).
    public var credentialURI: String
    public var agentVersion: String
    /// Where the agent connects from, as the server saw it. Text from the network: clean it before drawing.
    public var ip: String
    public var region: String
    public var os: String
    public var transport: String
    public var metadata: String
    public var startedAt: Date

    public init(id: String, uri: String = "", credentialID: String, credentialURI: String = "", agentVersion: String = "", ip: String,
                region: String = "", os: String = "", transport: String = "", metadata: String = "", startedAt: Date) {
        self.id = id
        self.uri = uri
        self.credentialID = credentialID
        self.credentialURI = credentialURI
        self.agentVersion = agentVersion
        self.ip = ip
        self.region = region
        self.os = os
        self.transport = transport
        self.metadata = metadata
        self.startedAt = startedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, uri, credential, ip, region, os, transport, metadata
        case agentVersion = "agent_version"
        case startedAt = "started_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        uri = try c.decodeIfPresent(String.self, forKey: .uri) ?? ""
        let credential = try c.decodeIfPresent(ObjectReference.self, forKey: .credential)
        credentialID = credential?.id ?? ""
        credentialURI = credential?.uri ?? ""
        agentVersion = try c.decodeServerText(forKey: .agentVersion, decoder: decoder) ?? ""
        ip = try c.decodeIfPresent(String.self, forKey: .ip) ?? ""
        region = try c.decodeIfPresent(String.self, forKey: .region) ?? ""
        os = try c.decodeServerText(forKey: .os, decoder: decoder) ?? ""
        transport = try c.decodeIfPresent(String.self, forKey: .transport) ?? ""
        metadata = try c.decodeServerText(forKey: .metadata, decoder: decoder) ?? ""
        startedAt = try c.decode(Date.self, forKey: .startedAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(uri, forKey: .uri)
        try c.encode(ObjectReference(id: credentialID, uri: credentialURI), forKey: .credential)
        try c.encode(agentVersion, forKey: .agentVersion)
        try c.encode(ip, forKey: .ip)
        try c.encode(region, forKey: .region)
        try c.encode(os, forKey: .os)
        try c.encode(transport, forKey: .transport)
        // Left out when empty, as the API does (`api_keys_list` in its reference).
        if !metadata.isEmpty { try c.encode(metadata, forKey: .metadata) }
        try c.encode(startedAt, forKey: .startedAt)
    }

}
