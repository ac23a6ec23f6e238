import Essentials
import NgrokAPI

/// The fake ngrok API's state and behaviour: one store behind both bot resources and the three
/// credential collections, with the real API's paging, filters, errors and cascade delete.
/// Bots are stored spelled `bot_…` and answered in the spelling of the resource asked
/// (`/service_users` says `service_…`); credentials' `owner_id` is answered in
/// `options.ownerSpelling`. The inspection methods spell bots as a client sees them: as the
/// resource it finds first (`clientSpelling`) spells them.
public actor Simulator {
    public private(set) var options: SimulatorOptions
    public private(set) var baseURL: String
    private var bots: [BotUser]
    private var credentials: [CredentialKind: [Credential]]
    /// Live agent sessions, newest first (see `Simulator+TunnelSessions.swift`).
    var tunnelSessions: [TunnelSession]
    var rng: SeededGenerator
    private var requestCount = 0
    private var faultsInjected = 0
    private var windowStarts: [ContinuousClock.Instant] = []
    private var records: [SimulatorRecord] = []
    private let encoder = APIJSON.encoder()

    public init(options: SimulatorOptions, baseURL: String = "http://127.0.0.1") {
        self.options = options
        self.baseURL = baseURL
        let seed = SeedAccount(options: options, baseURL: baseURL)
        bots = seed.bots
        credentials = Dictionary(grouping: seed.credentials, by: \.kind)
        for kind in CredentialKind.allCases where credentials[kind] == nil { credentials[kind] = [] }
        tunnelSessions = options.tunnelSessions ? SeedSessions.sessions(for: seed.credentials, options: options, baseURL: baseURL) : []
        rng = SeededGenerator(seed: options.seed ^ 0xA5A5)
    }

    /// Set once the server knows its port; every `uri` and `next_page_uri` uses it.
    func setBaseURL(_ url: String) {
        let old = baseURL
        baseURL = url
        bots = bots.map { var b = $0; b.uri = b.uri.replacingEvery(old, with: url); return b }
        credentials = credentials.mapValues { list in
            list.map { var c = $0; c.uri = c.uri.replacingEvery(old, with: url); return c }
        }
        tunnelSessions = tunnelSessions.map { session in
            var t = session
            t.uri = t.uri.replacingEvery(old, with: url)
            t.credentialURI = t.credentialURI.replacingEvery(old, with: url)
            return t
        }
    }

    // MARK: Inspection and control, for tests and benchmarks

    /// How a client that picks the bot resource itself (`/service_users` first) spells bots.
    public var clientSpelling: BotResource { options.serviceUsersEnabled ? .serviceUsers : .botUsers }

    public func allBots() -> [BotUser] { bots.map { present($0, clientSpelling) } }
    public func allCredentials() -> [Credential] {
        CredentialKind.allCases.flatMap { credentials[$0] ?? [] }.map { credential in
            var respelled = credential
            respelled.ownerID = credential.ownerID.map { BotID.respell($0, for: clientSpelling) }
            return respelled
        }
    }
    public func credentials(ownedBy owner: String) -> [Credential] { allCredentials().filter { BotID.same($0.ownerID, owner) } }
    public func requestLog() -> [SimulatorRecord] { records }
    public func clearRequestLog() { records.removeAll() }
    public func setFaults(_ faults: FaultPlan) {
        options.faults = faults
        requestCount = 0
        faultsInjected = 0
        windowStarts.removeAll()
    }

    /// Adds a bot directly, bypassing the API (for hostile names and fixtures in tests).
    @discardableResult
    public func insertBot(name: String, active: Bool = true) -> BotUser {
        let bot = makeBot(name: name, active: active)
        bots.insert(bot, at: 0)
        return present(bot, clientSpelling)
    }

    @discardableResult
    public func insertCredential(_ kind: CredentialKind, owner: String, description: String) -> Credential {
        let credential = makeCredential(kind, owner: BotID.respell(owner, for: .botUsers), description: description, metadata: "", publicKey: nil)
        credentials[kind, default: []].insert(credential, at: 0)
        var answered = credential
        answered.ownerID = BotID.respell(owner, for: clientSpelling)
        return answered
    }

    // MARK: Requests

    public func handle(_ request: SimulatorRequest) async -> SimulatorResponse {
        let faults = options.faults
        if faults.latencyMs > 0 || faults.jitterMs > 0 {
            let jitter = faults.jitterMs > 0 ? Int(rng.next() % UInt64(faults.jitterMs + 1)) : 0
            try? await Task.sleep(for: .milliseconds(faults.latencyMs + jitter))
        }
        let response = respond(to: request)
        records.append(SimulatorRecord(method: request.method, path: request.path, query: request.query,
                                       status: response.dropConnection ? 0 : response.status, at: .now))
        return response
    }

    private func respond(to request: SimulatorRequest) -> SimulatorResponse {
        let auth = request.headers["authorization"] ?? ""
        guard auth.hasPrefix("Bearer ") else {
            return error(401, "ERR_NGROK_201", "Authentication failed: the Authorization header must be 'Bearer <API key>'.")
        }
        let presented = String(auth.dropFirst("Bearer ".count))
        guard presented == options.apiKey else {
            // The real API has been seen quoting the key back; clients must redact it.
            return error(401, "ERR_NGROK_202", "The API key you specified is not valid: '\(presented)'.")
        }
        guard request.headers["ngrok-version"] == "2" else {
            return error(400, "ERR_NGROK_220", "The Ngrok-Version header must be set to 2.")
        }
        if let fault = injectedFault(for: request) {
            if fault.dropConnection && options.faults.dropAfterProcessing { _ = route(request) }
            return fault
        }
        return route(request)
    }

    private func injectedFault(for request: SimulatorRequest) -> SimulatorResponse? {
        let faults = options.faults
        if faults.rateLimitPerWindow > 0 {
            let now = ContinuousClock.now
            windowStarts.removeAll { $0 + .milliseconds(faults.rateLimitWindowMs) <= now }
            if windowStarts.count >= faults.rateLimitPerWindow, let oldest = windowStarts.first {
                // As the API does: the limit in the message, and how long until the window has room.
                let wait = oldest + .milliseconds(faults.rateLimitWindowMs) - now
                let seconds = Int((wait / .seconds(1)).rounded(.up))
                let perMinute = faults.rateLimitPerWindow * 60_000 / max(1, faults.rateLimitWindowMs)
                return rateLimited(retryAfter: max(1, seconds), perMinute: perMinute)
            }
            windowStarts.append(now)
        }
        guard faults.faultMethods.isEmpty || faults.faultMethods.contains(request.method) else { return nil }
        if let max = faults.maxFaults, faultsInjected >= max { return nil }
        requestCount += 1
        let n = requestCount
        let fault = everyNthFault(n, faults)
        if fault != nil { faultsInjected += 1 }
        return fault
    }

    private func everyNthFault(_ n: Int, _ faults: FaultPlan) -> SimulatorResponse? {
        if faults.dropEvery > 0, n % faults.dropEvery == 0 {
            return SimulatorResponse(status: 200, dropConnection: true)
        }
        if faults.rateLimitEvery > 0, n % faults.rateLimitEvery == 0 {
            return rateLimited(retryAfter: faults.retryAfterSeconds)
        }
        if faults.serverErrorEvery > 0, n % faults.serverErrorEvery == 0 {
            // Real 5xx answers sometimes come without an error_code.
            return error(faults.serverErrorStatus, nil, "An internal server error occurred.")
        }
        return nil
    }

    private func rateLimited(retryAfter: Int?, perMinute: Int = 120) -> SimulatorResponse {
        var response = error(429, "ERR_NGROK_226", "Your account is rate limited to \(perMinute) API requests per minute.")
        if let retryAfter { response.headers["Retry-After"] = String(retryAfter) }
        return response
    }

    private func route(_ request: SimulatorRequest) -> SimulatorResponse {
        let parts = request.path.split(separator: "/").map(String.init)
        if parts.first == "tunnel_sessions" { return routeTunnelSessions(request, parts: parts) }
        if parts.first == "endpoints" { return routeEndpoints(request, parts: parts) }
        if parts == ["self"] { return request.method == "GET" ? json(200, whoAmI()) : methodNotAllowed(request) }
        guard let collection = parts.first, parts.count <= 2 else { return notFound(request.path) }
        let id = parts.count == 2 ? parts[1] : nil
        if let resource = BotResource.allCases.first(where: { $0.path == "/" + collection }) {
            if resource == .serviceUsers && !options.serviceUsersEnabled { return notFound(request.path) }
            return routeBots(request, resource: resource, id: id)
        }
        if let kind = CredentialKind.allCases.first(where: { $0.path == "/" + collection }) {
            return routeCredentials(request, kind: kind, id: id)
        }
        return notFound(request.path)
    }

    // MARK: Bots

    private func routeBots(_ request: SimulatorRequest, resource: BotResource, id: String?) -> SimulatorResponse {
        switch (request.method, id) {
        case ("GET", nil):
            // The API filters service users by id and creation time only: there is no name filter.
            return list(request, items: bots, listKey: resource.listKey, path: resource.path, filterFields: ["id", "created_at"],
                        present: { self.present($0, resource) }) { bot, field in
                field == "id" ? .string(BotID.respell(bot.id, for: resource)) : .time(bot.createdAt)
            }
        case ("POST", nil):
            guard let body = fields(BotFields.self, request.body) else { return badJSON() }
            let name = body.name ?? ""
            if let tooLong = nameTooLong(name) { return tooLong }
            let bot = makeBot(name: name, active: body.active ?? true, resource: resource)
            bots.insert(bot, at: 0)
            return json(201, present(bot, resource))
        case ("GET", let id?):
            guard let index = botIndex(id, resource) else { return notFound(request.path) }
            return json(200, present(bots[index], resource))
        case ("PATCH", let id?):
            guard let index = botIndex(id, resource) else { return notFound(request.path) }
            guard let body = fields(BotFields.self, request.body) else { return badJSON() }
            if let name = body.name {
                if let tooLong = nameTooLong(name) { return tooLong }
                bots[index].name = name
            }
            if let active = body.active { bots[index].active = active }
            return json(200, present(bots[index], resource))
        case ("DELETE", let id?):
            guard let index = botIndex(id, resource) else { return notFound(request.path) }
            let gone = bots.remove(at: index)
            // Deleting a bot revokes and deletes every credential it owns.
            for kind in CredentialKind.allCases { credentials[kind]?.removeAll { $0.ownerID == gone.id } }
            return SimulatorResponse(status: 204)
        default:
            return methodNotAllowed(request)
        }
    }

    /// `GET /self`: the simulated account and the admin key clients present (`options.apiKey`),
    /// which is the account's first API key owned by a person.
    public func whoAmI() -> AccountSelf {
        let byBot = options.selfKeyOwnedByBot
        let activeBots = Set(bots.filter(\.active).compactMap { BotID($0.id) })
        let key = credentials[.apiKey]?.last { key in
            byBot ? key.ownerID.flatMap(BotID.init).map(activeBots.contains) ?? false : key.ownerID.flatMap(BotID.init) == nil
        }
        return AccountSelf(account: AccountSelf.Account(id: "ac_" + String(repeating: "0", count: 26) + "1", name: options.accountName),
                           apiKey: AccountSelf.Key(id: key?.id ?? "ak_unknown", ownerID: key.flatMap { present($0).ownerID },
                                                   description: key?.description ?? ""),
                           user: options.accountName)
    }

    /// The API's limit on a bot's name, checked on create and on rename.
    private func nameTooLong(_ name: String) -> SimulatorResponse? {
        name.utf8.count > 255 ? error(400, "ERR_NGROK_7400", "The name may be at most 255 bytes long.") : nil
    }

    private func makeBot(name: String, active: Bool, resource: BotResource = .botUsers) -> BotUser {
        let id = rng.id(prefix: BotResource.botUsers.idPrefix)
        return BotUser(id: id, uri: "\(baseURL)\(resource.path)/\(id)", name: name, active: active, createdAt: nextCreationDate())
    }

    /// The bot a path names, only in the spelling of the resource asked: `/service_users/bot_X` is
    /// not found, as a client that does not respell ids would find on the real API.
    private func botIndex(_ id: String, _ resource: BotResource) -> Int? {
        guard id.hasPrefix(resource.idPrefix), let wanted = BotID(id) else { return nil }
        return bots.firstIndex { BotID($0.id) == wanted }
    }

    /// A bot as `resource` answers it: its id and URI in that resource's spelling.
    private func present(_ bot: BotUser, _ resource: BotResource) -> BotUser {
        var copy = bot
        copy.id = BotID.respell(bot.id, for: resource)
        copy.uri = "\(baseURL)\(resource.path)/\(copy.id)"
        return copy
    }

    /// A credential as the API answers it: its owner in `options.ownerSpelling`.
    private func present(_ credential: Credential) -> Credential {
        guard let owner = credential.ownerID, BotID(owner) != nil else { return credential }
        var copy = credential
        copy.ownerID = BotID.respell(owner, for: options.ownerSpelling)
        return copy
    }

    /// Now, but never earlier than the newest existing object, so "newest first" stays true.
    private func nextCreationDate() -> Date {
        let newest = ([bots.first?.createdAt] + CredentialKind.allCases.map { credentials[$0]?.first?.createdAt }).compactMap { $0 }.max()
        return max(Date(), (newest ?? .distantPast) + 1)
    }

    // MARK: Credentials

    private func routeCredentials(_ request: SimulatorRequest, kind: CredentialKind, id: String?) -> SimulatorResponse {
        let items = credentials[kind] ?? []
        switch (request.method, id) {
        case ("GET", nil):
            var fields: Set<String> = ["id", "created_at", "description", "metadata", "owner_id"]
            if kind != .apiKey { fields.insert("acl") }
            return list(request, items: items, listKey: kind.listKey, path: kind.path, filterFields: fields,
                        present: { self.present($0) }) { credential, field in
                switch field {
                case "id": .string(credential.id)
                case "created_at": .time(credential.createdAt)
                case "description": .string(credential.description)
                case "metadata": .string(credential.metadata)
                case "owner_id": .string(present(credential).ownerID ?? "")
                default: .list(credential.acl.map(FilterValue.string))
                }
            }
        case ("POST", nil):
            guard let body = fields(CredentialFields.self, request.body) else { return badJSON() }
            // Either spelling of a bot names it; it is stored as `bot_…`.
            let owner = BotID.respell(body.ownerID ?? "", for: .botUsers)
            if let bot = BotID(owner), !bots.contains(where: { BotID($0.id) == bot }) {
                return error(400, "ERR_NGROK_7401", "The owner \(body.ownerID ?? "") does not exist.")
            }
            let publicKey = body.publicKey
            if kind == .sshCredential {
                guard let publicKey, publicKey.hasPrefix("ssh-") || publicKey.hasPrefix("ecdsa-") else {
                    return error(400, "ERR_NGROK_7402", "The public_key is not a valid SSH public key.")
                }
            }
            var credential = makeCredential(kind, owner: owner.isEmpty ? "usr_simulatoradmin" : owner,
                                            description: body.description ?? "",
                                            metadata: body.metadata ?? "", publicKey: publicKey)
            if kind != .apiKey, let acl = body.acl { credential.acl = acl }
            credentials[kind, default: []].insert(credential, at: 0)
            // As the API's: the KSUID of the new id, an underscore, the secret.
            if kind != .sshCredential { credential.token = Self.token(for: credential.id, secret: rng.token(length: 21)) }
            return json(201, present(credential))
        case ("GET", let id?):
            guard let credential = items.first(where: { $0.id == id }) else { return notFound(request.path) }
            return json(200, present(credential))
        case ("PATCH", let id?):
            guard let index = items.firstIndex(where: { $0.id == id }) else { return notFound(request.path) }
            guard let body = fields(CredentialFields.self, request.body) else { return badJSON() }
            if let description = body.description { credentials[kind]![index].description = description }
            if let metadata = body.metadata { credentials[kind]![index].metadata = metadata }
            return json(200, present(credentials[kind]![index]))
        case ("DELETE", let id?):
            guard let index = items.firstIndex(where: { $0.id == id }) else { return notFound(request.path) }
            credentials[kind]!.remove(at: index)
            return SimulatorResponse(status: 204)
        default:
            return methodNotAllowed(request)
        }
    }

    /// A new API key's or authtoken's token: `<the KSUID of its id>_<secret>`
    /// (`_credentials_create_response.mdx`: `cr_32ELEkz…` has the token `32ELEkz…_714P…`).
    static func token(for id: String, secret: String) -> String {
        String(id.split(separator: "_", maxSplits: 1).last ?? "") + "_" + secret
    }

    private func makeCredential(_ kind: CredentialKind, owner: String, description: String, metadata: String, publicKey: String?) -> Credential {
        let id = rng.id(prefix: kind.idPrefix)
        return Credential(id: id, kind: kind, uri: "\(baseURL)\(kind.path)/\(id)", ownerID: owner, description: description,
                          metadata: metadata, createdAt: nextCreationDate(), publicKey: publicKey)
    }

    // MARK: Lists

    /// Newest first, `limit` (default 100, at most 100) after `before_id`, with a `next_page_uri`
    /// that carries the same filter.
    func list<Item: Encodable & Identifiable<String>>(
        _ request: SimulatorRequest, items: [Item], listKey: String, path: String, filterFields: Set<String>,
        present: (Item) -> Item = { $0 }, field: (Item, String) -> FilterValue
    ) -> SimulatorResponse {
        var selected = items
        if let filter = request.query["filter"], !filter.isEmpty, !options.ignoresFilters {
            do {
                guard options.filtersEnabled else { throw FilterExpression.Invalid(description: "filters are turned off") }
                let expression = try FilterExpression.parse(filter, fields: filterFields)
                selected = try selected.filter { item in try expression.matches { field(item, $0) } }
            } catch {
                return self.error(400, "invalid_cel_expression", "Invalid filter expression: \(filter) (\(error))")
            }
        }
        let limit = min(max(Int(request.query["limit"] ?? "") ?? 100, 1), 100)
        var start = 0
        if let before = request.query["before_id"], !before.isEmpty {
            // Paged in the spelling the list answers; stored as `bot_…`.
            let stored = BotID.respell(before, for: .botUsers)
            guard let index = selected.firstIndex(where: { $0.id == stored }) else {
                return error(400, "ERR_NGROK_19002", "The before_id \(before) does not name an object in this list.")
            }
            start = index + 1
        }
        let page = selected[min(start, selected.count)..<min(start + limit, selected.count)].map(present)
        var next: String?
        if start + limit < selected.count, let last = page.last {
            let faults = options.faults
            var components = URLComponents(string: (faults.foreignNextPageOrigin ?? baseURL) + path)!
            let anchor = faults.repeatNextPage ? present(selected[limit - 1]).id : last.id
            var query = [URLQueryItem(name: "before_id", value: anchor), URLQueryItem(name: "limit", value: String(limit))]
            if let filter = request.query["filter"] { query.append(URLQueryItem(name: "filter", value: filter)) }
            components.queryItems = query
            next = components.url?.absoluteString
        }
        // The items as encoded, spliced into the envelope: decoding them again only to re-encode
        // cost more per page than the 50 ms of latency a benchmark sets.
        var body = Data("{".utf8)
        body += (try? encoder.encode([listKey])).map { $0.dropFirst().dropLast() } ?? Data()
        body += Data(":".utf8) + ((try? encoder.encode(page)) ?? Data("[]".utf8))
        let envelope = (try? encoder.encode(PageLinks(uri: baseURL + path, nextPageURI: next))) ?? Data("{}".utf8)
        body += Data(",".utf8) + envelope.dropFirst()
        return SimulatorResponse(status: 200, headers: ["Content-Type": "application/json"], body: body)
    }

    // MARK: Answers

    func json<T: Encodable>(_ status: Int, _ value: T) -> SimulatorResponse {
        SimulatorResponse(status: status, headers: ["Content-Type": "application/json"], body: (try? encoder.encode(value)) ?? Data())
    }

    func error(_ status: Int, _ code: String?, _ message: String) -> SimulatorResponse {
        let body = APIErrorBody(errorCode: code, statusCode: status, msg: message, operationID: rng.id(prefix: "op_"))
        return json(status, body)
    }

    func notFound(_ path: String) -> SimulatorResponse {
        error(404, "ERR_NGROK_404", "Resource not found: \(path)")
    }

    private func badJSON() -> SimulatorResponse {
        error(400, "ERR_NGROK_7000", "The request body is not a JSON object.")
    }

    func methodNotAllowed(_ request: SimulatorRequest) -> SimulatorResponse {
        error(405, "ERR_NGROK_405", "\(request.method) is not allowed on \(request.path).")
    }

    /// A request's fields, or nil when the body is not a JSON object (an empty body has none).
    private func fields<T: Decodable>(_ type: T.Type, _ data: Data) -> T? {
        try? JSONDecoder().decode(T.self, from: data.isEmpty ? Data("{}".utf8) : data)
    }
}

/// The page's own links, after its items. `next_page_uri` is null, not left out, on the last page.
private struct PageLinks: Encodable {
    var uri: String
    var nextPageURI: String?

    enum CodingKeys: String, CodingKey {
        case uri
        case nextPageURI = "next_page_uri"
    }

    func encode(to encoder: any Encoder) throws {
        var links = encoder.container(keyedBy: CodingKeys.self)
        try links.encode(uri, forKey: .uri)
        try links.encode(nextPageURI, forKey: .nextPageURI)
    }
}
