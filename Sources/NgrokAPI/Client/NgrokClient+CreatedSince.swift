import Essentials

extension NgrokClient {
    /// Every bot, API key, authtoken and SSH key created at or after `time`, newest first, each
    /// credential with its owner bot. One server-filtered listing per resource (not a full load),
    /// each answer checked again here; then one lookup per owner bot not created since.
    public func createdSince(_ time: Date) async throws -> CreatedSince {
        async let bots = botsCreated(since: time)
        let credentials = try await withThrowingTaskGroup(of: [Credential].self) { group in
            for kind in CredentialKind.allCases {
                group.addTask {
                    try await self.listCredentials(kind, filter: .createdSince(time), priority: .interactive)
                        .reduce(into: []) { $0 += $1 }.filter { $0.createdAt >= time }
                }
            }
            return try await group.reduce(into: [Credential]()) { $0 += $1 }
        }
        let newBots = try await bots
        var owners: [String: BotUser] = Dictionary(newBots.map { (BotID.key($0.id), $0) }, uniquingKeysWith: { a, _ in a })
        for owner in Set(credentials.compactMap(\.ownerID)) where BotID(owner) != nil && owners[BotID.key(owner)] == nil {
            if let bot = try await lookUpBot(id: owner) { owners[BotID.key(owner)] = bot }
        }
        var entries = newBots.map(CreatedSince.Entry.init)
        entries += credentials.map { CreatedSince.Entry($0, owner: $0.ownerID.flatMap { owners[BotID.key($0)] }) }
        return CreatedSince(since: time, entries: entries.sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) })
    }
}
