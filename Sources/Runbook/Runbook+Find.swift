import BotBrowser
import NgrokAPI

/// One answer of `find`: a bot, the credential that led to it, or a credential whose owner is not a bot.
public struct FindMatch: Sendable, Equatable {
    public enum Reason: String, Sendable {
        case id, name, description
        /// The credential a pasted token belongs to (`LeakedToken`).
        case token
        /// A live session from this IP address uses the credential.
        case ip
    }

    public var bot: BotUser?
    public var credential: Credential?
    /// The owner's id when it is not a bot (a person, `usr_…`).
    public var ownerID: String?
    public var reason: Reason
    /// The live session the id or address named (issue 13).
    public var session: TunnelSession?
}

extension Runbook {
    /// Who owns a credential id (one direct request, the lookup the terminal UI's filter uses), or
    /// which bots and credentials a name or description matches (the bot list, and each credential
    /// list filtered by the server).
    public func find(_ text: String) async throws(RunbookError) -> [FindMatch] {
        let wanted = text.trimmed
        guard !wanted.isEmpty else { throw RunbookError(.usage, "find needs an id, a name or a description") }
        if ObjectID.isMalformed(wanted) { throw .malformedID(wanted) }
        do {
            // A leaked token: only the ids derived from its KSUID are asked for; the secret goes nowhere.
            if let token = LeakedToken.find(in: wanted) { return try await findToken(token) }
            if ObjectID.guess(wanted) != nil { return try await findID(wanted) }
            if IPAddressText.isAddress(wanted) {
                return try await sessions(from: IPAddressText.canonical(wanted) ?? wanted).map { FindMatch(session: $0, reason: .ip) }
            }
            return try await findText(wanted)
        } catch {
            throw RunbookError.from(error)
        }
    }

    private func findID(_ id: String) async throws -> [FindMatch] {
        switch try await client.lookUp(id: id) {
        case .bot(let bot):
            return [FindMatch(bot: bot, reason: .id)]
        case .credential(let credential):
            return [try await match(credential, reason: .id)]
        case .tunnelSession(let session, _):
            return try await matches(client.owners(of: [session])).map { FindMatch(session: $0, reason: .id) }
        case .notFound:
            return []
        }
    }

    private func findToken(_ token: LeakedToken) async throws -> [FindMatch] {
        guard case .credential(let credential) = try await client.lookUp(token: token) else { return [] }
        return [try await match(credential, reason: .token)]
    }

    /// A credential found directly, with its owner asked for: the bot, or the person's id.
    private func match(_ credential: Credential, reason: FindMatch.Reason) async throws -> FindMatch {
        let owner = credential.ownerID ?? ""
        let bot = owner.isEmpty ? nil : try await client.lookUpBot(id: owner)
        return FindMatch(bot: bot, credential: credential, ownerID: bot == nil ? owner : nil, reason: reason)
    }

    private func findText(_ text: String) async throws -> [FindMatch] {
        let needle = text.lowercased()
        async let bots = client.allBots()
        async let described = withThrowingTaskGroup(of: [Credential].self) { group in
            for kind in CredentialKind.allCases {
                group.addTask {
                    try await client.listCredentials(kind, filter: .descriptionContains(text), priority: .interactive)
                        .reduce(into: []) { $0 += $1 }
                }
            }
            return try await group.reduce(into: [Credential]()) { $0 += $1 }
        }
        let everyBot = try await bots
        let byID = Dictionary(everyBot.map { ($0.id, $0) }, uniquingKeysWith: { _, later in later })
        var matches = everyBot.filter { $0.name.lowercased().contains(needle) || $0.id.lowercased() == needle }
            .sorted { $0.name < $1.name }
            .map { FindMatch(bot: $0, reason: .name) }
        for credential in try await described.sorted(by: { $0.id < $1.id }) {
            let owner = credential.ownerID ?? ""
            let bot = byID[owner]
            matches.append(FindMatch(bot: bot, credential: credential, ownerID: bot == nil ? owner : nil, reason: .description))
        }
        return matches
    }
}

extension FindMatch {
    /// A session's answer: its bot (or the person owning its credential) and the credential. A
    /// session whose credential is gone (deleted, the agent still connected) has no known owner.
    init(session match: SessionMatch, reason: Reason) {
        let owner = match.credential?.ownerID
        self.init(bot: match.bot, credential: match.credential, ownerID: match.bot == nil ? owner : nil,
                  reason: reason, session: match.session)
    }
}
