import Essentials
import NgrokAPI

/// Live agent sessions for a seeded account: about one authtoken in three (bots' and people's)
/// has an agent connected, a few SSH keys too. Addresses come from the documentation ranges
/// (RFC 5737, RFC 3849), so nothing here names a real host.
enum SeedSessions {
    static let regions = ["us", "eu", "ap", "au", "sa", "jp", "in"]
    static let systems = ["linux", "linux", "linux", "darwin", "windows", "freebsd"]
    static let agentVersions = ["3.22.1", "3.20.0", "3.19.1", "3.18.4", "3.16.0", "2.3.41"]
    static let networks = ["192.0.2.", "198.51.100.", "203.0.113."]

    static func sessions(for credentials: [Credential], options: SimulatorOptions, baseURL: String) -> [TunnelSession] {
        // People run agents too: their authtokens are in use more often than bots'.
        let person = { (credential: Credential) in credential.ownerID?.hasPrefix("usr_") == true }
        // A generator of its own: the bots and credentials stay exactly what they were without sessions.
        var rng = SeededGenerator(seed: options.seed ^ 0x7E55_1015)
        var sessions: [TunnelSession] = []
        for credential in credentials where credential.kind != .apiKey {
            let odds: UInt64 = credential.kind == .authtoken ? (person(credential) ? 2 : 3) : 6
            guard rng.next() % odds == 0 else { continue }
            for _ in 0...Int(rng.next() % 2) {
                sessions.append(session(credential: credential, rng: &rng, baseURL: baseURL, until: options.referenceDate))
            }
        }
        // At least one on a bot's authtoken and one on a person's, when there are any.
        let owners = Dictionary(credentials.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for isPerson in [false, true] where !sessions.contains(where: { owners[$0.credentialID].map(person) == isPerson }) {
            if let first = credentials.first(where: { $0.kind == .authtoken && person($0) == isPerson }) {
                sessions.append(session(credential: first, rng: &rng, baseURL: baseURL, until: options.referenceDate))
            }
        }
        return sessions.sorted { ($0.startedAt, $0.id) > ($1.startedAt, $1.id) }
    }

    static func session(credential: Credential, rng: inout SeededGenerator, baseURL: String, until: Date,
                        ip: String? = nil, region: String? = nil) -> TunnelSession {
        let id = rng.id(prefix: "ts_")
        let address = ip ?? (rng.next() % 5 == 0
            ? "2001:db8:\(String(rng.next() % 0xffff, radix: 16))::\(String(rng.next() % 0xffff + 1, radix: 16))"
            : networks[Int(rng.next() % 3)] + String(rng.next() % 254 + 1))
        return TunnelSession(
            id: id, uri: "\(baseURL)/tunnel_sessions/\(id)", credentialID: credential.id, credentialURI: credential.uri,
            agentVersion: agentVersions[Int(rng.next() % UInt64(agentVersions.count))], ip: address,
            region: region ?? regions[Int(rng.next() % UInt64(regions.count))], os: systems[Int(rng.next() % UInt64(systems.count))],
            transport: "ngrok/2", metadata: "", startedAt: until - TimeInterval(300 + rng.next() % (86_400 * 3)))
    }
}
