import Essentials

/// Everything the application asks of the ngrok API. The application is written against this
/// protocol so it can be tested with an in-memory double; `HTTPNgrokClient` is the real one.
public protocol NgrokClient: Sendable {
    /// Where requests go, for display ("api.ngrok.com") and the audit log.
    var apiHost: String { get }

    /// `GET /self`: the account, the API key in use and its owner.
    func whoAmI() async throws -> AccountSelf

    /// The bot resource in use; with `.auto`, found by asking the server once.
    func resource() async throws -> BotResource

    /// Bots, newest first, a page at a time, so the first page can be shown before the last arrives.
    /// With `.auto`, the first page also finds the resource.
    func listBots(priority: RequestPriority) -> AsyncThrowingStream<[BotUser], any Error>
    func getBot(id: String) async throws -> BotUser
    /// The bots created at or after `time`, newest first: filtered by the server when it can.
    func botsCreated(since time: Date) async throws -> [BotUser]
    // A change takes the `SendGate` that tells "queued" from "sent" (nil: no one asks).
    func createBot(name: String, active: Bool, gate: SendGate?) async throws -> BotUser
    func updateBot(id: String, name: String?, active: Bool?, gate: SendGate?) async throws -> BotUser
    func deleteBot(id: String, gate: SendGate?) async throws

    /// Credentials of one kind, a page at a time; with `ownerID`, only that owner's.
    func listCredentials(_ kind: CredentialKind, ownerID: String?, priority: RequestPriority) -> AsyncThrowingStream<[Credential], any Error>
    /// Credentials of one kind that the filter selects, filtered by the server when it can.
    func listCredentials(_ kind: CredentialKind, filter: CredentialFilter, priority: RequestPriority) -> AsyncThrowingStream<[Credential], any Error>
    func getCredential(_ kind: CredentialKind, id: String) async throws -> Credential
    /// The first page of credentials of one kind that pass a server-side `filter`, asked
    /// for by the user (so at interactive priority). A server that refuses the filter answers 400.
    func findCredentials(_ kind: CredentialKind, filter: CredentialFilter) async throws -> [Credential]
    /// Creates a credential owned by `ownerID`; the answer carries the secret, once.
    /// `acl` applies to authtokens and SSH keys (the API has none for API keys).
    func createCredential(_ kind: CredentialKind, ownerID: String, description: String, metadata: String, acl: [String],
                          publicKey: String?, gate: SendGate?) async throws -> Credential
    func deleteCredential(_ kind: CredentialKind, id: String, gate: SendGate?) async throws

    // Live agent sessions (issue 13).
    /// The account's live agent sessions that the filter selects, a page at a time; filtered by the
    /// server when it can.
    func listTunnelSessions(filter: TunnelSessionFilter, priority: RequestPriority) -> AsyncThrowingStream<[TunnelSession], any Error>
    func getTunnelSession(id: String) async throws -> TunnelSession
    /// Tells the agent that started the session to exit. A POST: never retried after a lost answer.
    func stopTunnelSession(id: String, gate: SendGate?) async throws

    /// Live endpoints: an agent's name their session and principal (`Endpoint`).
    func listEndpoints(filter: EndpointFilter, priority: RequestPriority) -> AsyncThrowingStream<[Endpoint], any Error>
}

extension NgrokClient {
    /// A credential with a description only, as the terminal UI creates them.
    public func createCredential(_ kind: CredentialKind, ownerID: String, description: String, publicKey: String?,
                                 gate: SendGate? = nil) async throws -> Credential {
        try await createCredential(kind, ownerID: ownerID, description: description, metadata: "", acl: [], publicKey: publicKey, gate: gate)
    }

    /// The bot list at its usual priority: after what the user asked for, before the credential lists.
    public func listBots() -> AsyncThrowingStream<[BotUser], any Error> {
        listBots(priority: .bots)
    }

    /// A whole collection is background work; one owner's credentials are what the user is looking at.
    public func listCredentials(_ kind: CredentialKind, ownerID: String?) -> AsyncThrowingStream<[Credential], any Error> {
        listCredentials(kind, ownerID: ownerID, priority: ownerID == nil ? .background : .interactive)
    }

    /// Collects every page into one array; an id on two pages is listed once, as the later page has it.
    public func allBots() async throws -> [BotUser] {
        try await listBots().reduce(into: []) { $0 += $1 }.mergedByID()
    }

    public func allCredentials(_ kind: CredentialKind, ownerID: String? = nil) async throws -> [Credential] {
        try await listCredentials(kind, ownerID: ownerID).reduce(into: []) { $0 += $1 }.mergedByID()
    }
}

extension Array where Element: Identifiable {
    /// One element per id, in the order ids first appear, each as it last appears: a list that shifts
    /// while it is paged can hand out the same object twice, and the later copy is the newer.
    public func mergedByID() -> [Element] {
        var position: [Element.ID: Int] = [:]
        var merged: [Element] = []
        for element in self {
            if let index = position[element.id] {
                merged[index] = element
            } else {
                position[element.id] = merged.count
                merged.append(element)
            }
        }
        return merged
    }
}
