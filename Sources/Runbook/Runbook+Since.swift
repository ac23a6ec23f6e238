#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NgrokAPI

/// What was created since a time: the persistence an attacker with a leaked admin key may have left
/// (new bots, API keys, authtokens, SSH keys). One server-filtered listing per resource.
public struct CreatedSince: Sendable {
    public struct Entry: Sendable {
        /// `bot`, or a credential kind's name (`api_key`, `authtoken`, `ssh_credential`).
        public var kind: String
        public var id: String
        public var createdAt: Date
        public var description: String
        /// For a credential: its owner bot, when the owner is a bot still in the account.
        public var owner: BotUser?
        /// For a credential: its owner's id (a person's `usr_…`, or a bot's).
        public var ownerID: String?
    }

    public var since: Date
    /// Newest first.
    public var entries: [Entry]
}

extension Runbook {
    public func createdSince(_ time: Date) async throws(RunbookError) -> CreatedSince {
        do {
            async let bots = client.botsCreated(since: time)
            let credentials = try await withThrowingTaskGroup(of: [Credential].self) { group in
                for kind in CredentialKind.allCases {
                    group.addTask {
                        try await client.listCredentials(kind, filter: .createdSince(time), priority: .interactive)
                            .reduce(into: []) { $0 += $1 }.filter { $0.createdAt >= time }
                    }
                }
                return try await group.reduce(into: [Credential]()) { $0 += $1 }
            }
            let newBots = try await bots
            var owners: [String: BotUser] = Dictionary(newBots.map { (BotID.key($0.id), $0) }, uniquingKeysWith: { a, _ in a })
            for owner in Set(credentials.compactMap(\.ownerID)) where BotID(owner) != nil && owners[BotID.key(owner)] == nil {
                if let bot = try await client.lookUpBot(id: owner) { owners[BotID.key(owner)] = bot }
            }
            var entries = newBots.map { CreatedSince.Entry(kind: "bot", id: $0.id, createdAt: $0.createdAt, description: $0.name) }
            entries += credentials.map { credential in
                CreatedSince.Entry(kind: credential.kind.rawValue, id: credential.id, createdAt: credential.createdAt,
                                   description: credential.description,
                                   owner: credential.ownerID.flatMap { owners[BotID.key($0)] }, ownerID: credential.ownerID)
            }
            return CreatedSince(since: time, entries: entries.sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) })
        } catch {
            throw RunbookError.from(error)
        }
    }

    /// `2h`, `30m`, `7d`, `90s`, or an RFC 3339 time; nil for anything else.
    public static func parseSince(_ text: String, now: Date = Date()) -> Date? {
        let trimmed = text.trimmed
        if let time = APIJSON.parseTimestamp(trimmed) { return time }
        guard let unit = trimmed.last, let amount = Double(trimmed.dropLast()), amount >= 0, amount.isFinite else { return nil }
        let seconds: Double
        switch unit {
        case "s": seconds = amount
        case "m": seconds = amount * 60
        case "h": seconds = amount * 3600
        case "d": seconds = amount * 86_400
        default: return nil
        }
        return now - seconds
    }
}
