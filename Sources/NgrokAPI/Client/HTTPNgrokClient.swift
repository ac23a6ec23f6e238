import AsyncHTTPClient
import Essentials
import Synchronization

/// The real client: async-http-client, a shared rate limiter, bounded retries, strict pagination,
/// a deadline on every request and a cap on every answer. Every error it throws has been through the
/// redactor.
public final class HTTPNgrokClient: NgrokClient {
    public let configuration: ClientConfiguration
    public var apiHost: String { configuration.baseURL.host ?? configuration.baseURL.absoluteString }

    /// Every request of this client passes it (readable for the status line and tests).
    public let limiter: RateLimiter
    private let redactor: Redactor
    private let http: HTTPClient
    private let ownsHTTP: Bool
    private let resolvedResource = ResolvedResource()

    /// With no `httpClient`, the client makes its own with a short connect timeout, no redirects and
    /// no retried connection attempts: those are decided here, where the key is known.
    public init(configuration: ClientConfiguration, httpClient: HTTPClient? = nil) throws(NgrokError) {
        try ClientConfiguration.validate(baseURL: configuration.baseURL)
        var configuration = configuration
        configuration.apiKey = try APIKeyText.checked(configuration.apiKey, origin: "the client configuration")
        self.configuration = configuration
        // An earlier run's record of the window, capped at one window from now (`RecordedWindow`).
        let recent = RateBudget.instants(fromWallClock: configuration.recentRequests, wallNow: Date(), now: configuration.clock.now,
                                         window: configuration.window, margin: configuration.windowMargin)
        self.limiter = RateLimiter(limit: configuration.requestsPerWindow, window: configuration.window,
                                   maxInFlight: configuration.maxInFlight, margin: configuration.windowMargin, recent: recent,
                                   clock: configuration.clock, keepsRoomForThePerson: configuration.keepsRoomForThePerson,
                                   onChangeWaits: configuration.onChangeWaits, onReadsWait: configuration.onReadsWait)
        self.redactor = Redactor(secrets: [configuration.apiKey])
        self.http = httpClient ?? HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup,
                                             configuration: Self.httpConfiguration(connectTimeout: configuration.connectTimeout))
        self.ownsHTTP = httpClient == nil
    }

    deinit {
        if ownsHTTP { http.shutdown { _ in } }
    }

    static func httpConfiguration(connectTimeout: Duration) -> HTTPClient.Configuration {
        var http = HTTPClient.Configuration()
        // Redirects are judged in `send`, which knows the API's origin; the key must not follow one elsewhere.
        http.redirectConfiguration = .disallow
        http.timeout = .init(connect: .milliseconds(Int64(connectTimeout / .milliseconds(1))))
        // Otherwise a refused connection is retried quietly until the request's deadline.
        http.connectionPool.retryConnectionEstablishment = false
        return http
    }

    /// When the requests this client sent stop counting in the server's window, as wall-clock times
    /// to add to the shared record (`WarmCache.saveRecentRequests`). Those it was seeded with are
    /// in the record already.
    public func recentRequests() async -> [Date] {
        let (wall, mono) = (Date(), ContinuousClock.now)
        return await limiter.ownWindowExpiries().map { wall + Double(($0 - mono) / .milliseconds(1)) / 1000 }
    }

    /// The account and the key in use, its owner spelled as the bot resource in use spells bots.
    public func whoAmI() async throws -> AccountSelf {
        var me: AccountSelf = try await decode(send(.GET, url("/self")))
        if let owner = me.apiKey.ownerID, BotID(owner) != nil {
            me.apiKey.ownerID = BotID.respell(owner, for: await botSpelling())
        }
        return me
    }

    // MARK: Bots

    public func resource() async throws -> BotResource {
        switch configuration.resource {
        case .serviceUsers: return .serviceUsers
        case .botUsers: return .botUsers
        case .auto: break
        }
        if let known = resolvedResource.value { return known }
        // One probe however many callers ask at once (the three credential lists at launch).
        return try await resolvedResource.probe {
            do {
                _ = try await self.send(.GET, self.url(BotResource.serviceUsers.path, query: [URLQueryItem(name: "limit", value: "1")]))
                return .serviceUsers
            } catch let error as NgrokError where error.status == 404 {
                return .botUsers
            }
        }
    }

    /// How the bot resource in use spells a bot (`BotID`), so a credential's owner is spelled as its
    /// bot is. nil when that cannot be known (the probe failed): ids then stay as the server wrote
    /// them, and the state still joins them by `BotID.key`.
    func botSpelling() async -> BotResource? {
        try? await resource()
    }

    /// The credentials with every bot owner spelled as the bot resource in use spells it.
    func respellingOwners(_ credentials: [Credential]) async -> [Credential] {
        guard credentials.contains(where: { $0.ownerID.flatMap(BotID.init) != nil }) else { return credentials }
        let spelling = await botSpelling()
        return credentials.map { credential in
            var respelled = credential
            respelled.ownerID = credential.ownerID.map { BotID.respell($0, for: spelling) }
            return respelled
        }
    }

    /// A bot's path under `resource`, in that resource's spelling whatever spelling `id` came in.
    private func botPath(_ resource: BotResource, _ id: String) -> String {
        "\(resource.path)/\(escaped(BotID.respell(id, for: resource)))"
    }

    public func listBots(priority: RequestPriority) -> AsyncThrowingStream<[BotUser], any Error> {
        stream { client, yield in
            let resource: BotResource
            if client.configuration.resource == .auto, client.resolvedResource.value == nil {
                // The list's first page is the probe: no round trip spent on detection alone.
                var yieldedAny = false
                do {
                    try await client.pages(path: BotResource.serviceUsers.path, listKey: BotResource.serviceUsers.listKey,
                                           filter: nil, kind: nil, priority: priority) { (page: [BotUser]) in
                        if !yieldedAny { client.resolvedResource.set(.serviceUsers) }
                        yieldedAny = true
                        yield(page)
                    }
                    client.resolvedResource.set(.serviceUsers)
                    return
                } catch let error as NgrokError where error.status == 404 && !yieldedAny {
                    client.resolvedResource.set(.botUsers)
                    resource = .botUsers
                }
            } else {
                resource = try await client.resource()
            }
            try await client.pages(path: resource.path, listKey: resource.listKey, filter: nil, kind: nil, priority: priority, yield: yield)
        }
    }

    public func getBot(id: String) async throws -> BotUser {
        try await withBotResource { resource in
            try await self.decode(self.send(.GET, self.url(self.botPath(resource, id))))
        }
    }

    public func botsCreated(since time: Date) async throws -> [BotUser] {
        let resource = try await resource()
        var found: [BotUser] = []
        do {
            try await pages(path: resource.path, listKey: resource.listKey, filter: CredentialFilter.createdSinceCEL(time),
                            kind: nil, priority: .interactive) { (page: [BotUser]) in found += page }
        } catch let error as NgrokError where error.status == 400 && found.isEmpty {
            // A server without filters: the whole list, kept as the filter would have.
            try await pages(path: resource.path, listKey: resource.listKey, filter: nil, kind: nil, priority: .interactive) { (page: [BotUser]) in
                found += page
            }
        }
        // The server's answer is checked too: only what was really created since.
        return found.filter { $0.createdAt >= time }.mergedByID()
    }

    public func createBot(name: String, active: Bool, gate: SendGate?) async throws -> BotUser {
        let body = try Self.body(BotFields(name: name, active: active))
        // A 404 means no such route: nothing was created, so asking the other name is safe.
        return try await withBotResource { resource in
            try await self.decode(self.send(.POST, self.url(resource.path), body: body, gate: gate))
        }
    }

    public func updateBot(id: String, name: String?, active: Bool?, gate: SendGate?) async throws -> BotUser {
        let body = try Self.body(BotFields(name: name, active: active))
        return try await withBotResource { resource in
            try await self.decode(self.send(.PATCH, self.url(self.botPath(resource, id)), body: body, gate: gate))
        }
    }

    public func deleteBot(id: String, gate: SendGate?) async throws {
        // Until a list has answered, a 404 may mean "no such route" rather than "already gone".
        let routeKnown = configuration.resource != .auto || resolvedResource.value != nil
        try await withBotResource { resource in
            _ = try await self.send(.DELETE, self.url(self.botPath(resource, id)), gate: gate, goneIfNotFoundAfterRetry: routeKnown)
        }
    }

    /// Runs `request` against the bot resource in use. With `.auto` and nothing found yet (a
    /// deactivate sent from the warm cache before the list has run), `/service_users` is asked
    /// first and `/bot_users` after a 404: no round trip is spent on a probe ahead of the request.
    private func withBotResource<T: Sendable>(_ request: @Sendable (BotResource) async throws -> T) async throws -> T {
        switch configuration.resource {
        case .serviceUsers: return try await request(.serviceUsers)
        case .botUsers: return try await request(.botUsers)
        case .auto: break
        }
        if let known = resolvedResource.value { return try await request(known) }
        // Not pinned from these answers: a 404 here may be "no such bot" as well as "no such
        // route", and only a list's answer tells them apart (`listBots`, `resource()`).
        do {
            return try await request(.serviceUsers)
        } catch let error as NgrokError where error.status == 404 {
            do {
                return try await request(.botUsers)
            } catch let second as NgrokError where second.status == 404 {
                throw error  // not there under either name
            }
        }
    }

    // MARK: Credentials

    public func listCredentials(_ kind: CredentialKind, ownerID: String?, priority: RequestPriority) -> AsyncThrowingStream<[Credential], any Error> {
        listCredentials(kind, filter: ownerID.map(CredentialFilter.owner) ?? .all, priority: priority)
    }

    public func listCredentials(_ kind: CredentialKind, filter: CredentialFilter, priority: RequestPriority) -> AsyncThrowingStream<[Credential], any Error> {
        stream { client, yield in
            try await client.filteredPages(path: kind.path, listKey: kind.listKey, kind: kind, cel: filter.cel, matches: filter.matches,
                                           priority: priority) { (page: [Credential]) in
                yield(await client.respellingOwners(page))
            }
        }
    }

    public func findCredentials(_ kind: CredentialKind, filter: CredentialFilter) async throws -> [Credential] {
        var query = [URLQueryItem(name: "limit", value: String(configuration.pageSize))]
        if let cel = filter.cel { query.append(URLQueryItem(name: "filter", value: cel)) }
        let page: Page<Credential> = try await decode(send(.GET, url(kind.path, query: query)), kind: kind, listKey: kind.listKey)
        return await respellingOwners(page.items.filter(filter.matches))
    }

    public func getCredential(_ kind: CredentialKind, id: String) async throws -> Credential {
        let credential: Credential = try await decode(send(.GET, url("\(kind.path)/\(escaped(id))")), kind: kind)
        return await respellingOwners([credential])[0]
    }

    public func createCredential(_ kind: CredentialKind, ownerID: String, description: String, metadata: String, acl: [String],
                                 publicKey: String?, gate: SendGate?) async throws -> Credential {
        let owner = BotID.respell(ownerID, for: BotID(ownerID) == nil ? nil : await botSpelling())
        let fields = CredentialFields(ownerID: owner, description: description, metadata: metadata.isEmpty ? nil : metadata,
                                      acl: kind != .apiKey && !acl.isEmpty ? acl : nil, publicKey: publicKey)
        let body = try Self.body(fields)
        let created: Credential = try await decode(send(.POST, url(kind.path), body: body, gate: gate), kind: kind)
        return await respellingOwners([created])[0]
    }

    public func deleteCredential(_ kind: CredentialKind, id: String, gate: SendGate?) async throws {
        _ = try await send(.DELETE, url("\(kind.path)/\(escaped(id))"), gate: gate)
    }

    // MARK: Requests

    enum Method: String {
        case GET, POST, PATCH, DELETE
    }

    struct Answer {
        var status: Int
        var body: Data
        var endpoint: String
        /// A POST's 2xx: the change may well be made, so an answer that cannot be read is
        /// "outcome unknown", not a failure.
        var outcomeUnknownIfUnreadable = false
    }

    /// What came back from one attempt, before it is judged.
    struct RawAnswer: Sendable {
        var status: Int
        var retryAfter: String?
        var location: String?
        var contentType: String?
        var body: Data
    }

    /// Sends one request through the limiter, retrying what is safe to retry: a 429 for every method
    /// (the server did nothing) on its own budget; 5xx and lost answers only for GET, PATCH and DELETE.
    /// - Parameter goneIfNotFoundAfterRetry: a DELETE retried after a lost answer or a 5xx, then
    ///   answered 404, was done the first time. Only where the route is known to exist: otherwise
    ///   the 404 may say there is no such route.
    /// - Parameter gate: a change's; passed just before the request's bytes go out, and a closed
    ///   one (the program stopped the change while it was queued) sends nothing.
    func send(_ method: Method, _ url: URL, body: Data? = nil, priority: RequestPriority = .interactive, gate: SendGate? = nil,
              goneIfNotFoundAfterRetry: Bool = true) async throws -> Answer {
        let endpoint = redactor.redact("\(method.rawValue) \(url.path)")
        let policy = configuration.retry
        let attempts = method == .POST ? 1 : max(1, policy.maxAttempts)
        // A change was confirmed by a person: it goes before every read, whoever asked for it.
        let priority = method == .GET ? priority : .change
        var failures = 0
        var rateLimited = 0
        var redirects = 0
        var target = url
        while true {
            let raw: RawAnswer
            do {
                raw = try await limiter.withSlot(priority) { [target] in
                    // A change the program stopped while it was queued must not go out after all.
                    if let gate, !gate.enter() { throw NgrokError.notSent(endpoint: endpoint) }
                    return try await self.execute(method, target, body: body, endpoint: endpoint)
                }
            } catch is CancellationError {
                throw CancellationError()
            } catch let error as NgrokError {
                // A POST cut off by the deadline, or whose answer was too large to read, may still
                // have been done by the server.
                if method == .POST, error.lostAnAnswer {
                    throw NgrokError.outcomeUnknown(endpoint: endpoint, message: error.summary).redacted(by: redactor)
                }
                throw error.redacted(by: redactor)
            } catch {
                failures += 1
                let message = transportMessage(error)
                if method == .POST { throw NgrokError.outcomeUnknown(endpoint: endpoint, message: message) }
                if failures >= attempts { throw NgrokError.transport(endpoint: endpoint, message: message) }
                try await Task.sleep(for: policy.backoff(afterAttempt: failures))
                continue
            }
            if (200..<300).contains(raw.status) {
                return Answer(status: raw.status, body: raw.body, endpoint: endpoint, outcomeUnknownIfUnreadable: method == .POST)
            }
            // A gateway's error to a POST says nothing of whether the server behind it made the change.
            if method == .POST, [502, 503, 504].contains(raw.status) {
                throw NgrokError.outcomeUnknown(endpoint: endpoint, message: apiError(raw, endpoint: endpoint).summary)
            }
            if (300..<400).contains(raw.status) {
                // Only a GET is followed, only within the API's origin, and not in circles.
                let location = raw.location.flatMap { URL(string: $0, relativeTo: target)?.absoluteURL }
                guard method == .GET, let location, PageCursor.sameOrigin(location, configuration.baseURL), redirects < 5 else {
                    throw NgrokError.redirectRefused(endpoint: endpoint, location: raw.location ?? "no location")
                        .redacted(by: redactor)
                }
                redirects += 1
                target = location
                continue
            }
            // A retried DELETE may have succeeded the first time; its 404 now means done.
            if method == .DELETE && raw.status == 404 && failures > 0 && goneIfNotFoundAfterRetry {
                return Answer(status: 204, body: Data(), endpoint: endpoint)
            }
            if raw.status == 429 && rateLimited < policy.maxRateLimitRetries {
                rateLimited += 1
                let delay = policy.delayFor429(retryAfter: raw.retryAfter, attempt: rateLimited)
                configuration.onThrottle?(delay)
                // The hold keeps this request (and every other) in the limiter's queue until then.
                await limiter.holdBack(for: delay)
                continue
            }
            if raw.status >= 500 && method != .POST {
                failures += 1
                if failures < attempts {
                    try await Task.sleep(for: policy.backoff(afterAttempt: failures))
                    continue
                }
            }
            throw apiError(raw, endpoint: endpoint)
        }
    }

    /// One attempt, bounded in time from connecting to the answer's last byte and bounded in size.
    private func execute(_ method: Method, _ url: URL, body: Data?, endpoint: String) async throws -> RawAnswer {
        var request = HTTPClientRequest(url: url.absoluteString)
        switch method {
        case .GET: request.method = .GET
        case .POST: request.method = .POST
        case .PATCH: request.method = .PATCH
        case .DELETE: request.method = .DELETE
        }
        request.headers.add(name: "Authorization", value: "Bearer \(configuration.apiKey)")
        request.headers.add(name: "Ngrok-Version", value: "2")
        request.headers.add(name: "User-Agent", value: "ngrok-bots/\(ClientConfiguration.version)")
        request.headers.add(name: "Accept", value: "application/json")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(body)
        }
        let timeout = configuration.timeout
        let limit = configuration.maxBodyBytes
        let seconds = Int(timeout / .seconds(1))
        return try await Deadline.run(within: timeout, else: NgrokError.timedOut(endpoint: endpoint, seconds: seconds)) { [http, request] in
            let response = try await http.execute(request, timeout: .milliseconds(Int64(timeout / .milliseconds(1))))
            if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > limit {
                throw NgrokError.answerTooLarge(endpoint: endpoint, limit: limit)
            }
            var data = Data()
            for try await chunk in response.body {
                guard data.count + chunk.readableBytes <= limit else {
                    throw NgrokError.answerTooLarge(endpoint: endpoint, limit: limit)
                }
                data.append(contentsOf: chunk.readableBytesView)
            }
            return RawAnswer(status: Int(response.status.code), retryAfter: response.headers.first(name: "Retry-After"),
                             location: response.headers.first(name: "Location"),
                             contentType: response.headers.first(name: "Content-Type"), body: data)
        }
    }

    /// A failure to get any answer, said without the library's internals (and without the key).
    /// "cannot reach 127.0.0.1:9: connection refused": the host and the cause in plain words.
    private func transportMessage(_ error: any Error) -> String {
        let detail = redactor.redactAndTruncate(String(describing: error))
        let host = configuration.baseURL.port.map { "\(apiHost):\($0)" } ?? apiHost
        let cause = Self.plainCause(detail)
        let connecting = cause?.connecting ?? String(describing: type(of: error)).contains("Connection")
        return (connecting ? "cannot reach \(host)" : "no answer from \(host)") + ": " + (cause?.text ?? detail)
    }

    /// The cause of a transport failure as a person says it, from the library's description of it
    /// (which nests types and errno values), and whether it happened while connecting. Nil when unknown.
    static func plainCause(_ detail: String) -> (text: String, connecting: Bool)? {
        let lower = detail.lowercased()
        // Most specific first: "connection reset (error set): Connection refused" was refused.
        let known: [(needles: [String], text: String, connecting: Bool)] = [
            (["connection refused", "econnrefused"], "connection refused", true),
            (["connecttimeout", "connect timeout", "connecttimedout"], "no connection within the time limit", true),
            (["network is unreachable", "enetunreach"], "the network is unreachable", true),
            (["no route to host", "host is unreachable", "ehostunreach"], "no route to the host", true),
            (["name or service not known", "nodename nor servname", "no address associated", "name resolution",
              "unknown host", "dnsresolve", "resolution failed", "lookup failed"], "the host name does not resolve", true),
            (["certificate", "cert_"], "its TLS certificate was not accepted", true),
            (["handshake", "tls", "ssl"], "the TLS handshake failed", true),
            (["connection reset", "econnreset"], "the connection was reset", false),
            (["remoteconnectionclosed", "connection closed", "broken pipe", "eof"], "the connection closed before an answer", false),
            (["timed out", "timeout"], "no answer within the time limit", false),
        ]
        for entry in known where entry.needles.contains(where: lower.contains) {
            return (entry.text, entry.connecting)
        }
        return nil
    }

    /// The server's error, with every field that reaches a person redacted before it is shortened.
    private func apiError(_ raw: RawAnswer, endpoint: String) -> NgrokError {
        if let parsed = try? JSONDecoder().decode(APIErrorBody.self, from: raw.body) {
            return NgrokError.api(status: raw.status, code: parsed.errorCode, message: redactor.redactAndTruncate(parsed.msg),
                                  operationID: parsed.operationID, endpoint: endpoint).redacted(by: redactor)
        }
        let text = String(decoding: raw.body, as: UTF8.self).trimmed
        let message: String
        if text.isEmpty {
            message = "no error body"
        } else if raw.contentType?.lowercased().contains("html") == true || text.prefix(1) == "<" {
            // An HTML page (a proxy's or load balancer's) says nothing useful in its first bytes.
            message = "an HTML page, not the API's JSON"
        } else {
            message = redactor.redactAndTruncate(text.split(whereSeparator: \.isNewline).joined(separator: " "))
        }
        return NgrokError.api(status: raw.status, code: nil, message: message, operationID: nil, endpoint: endpoint)
            .redacted(by: redactor)
    }

    // MARK: Pagination

    /// Fetches the first page at `path` and follows `next_page_uri` until it is null.
    func pages<Item: Decodable & Sendable>(
        path: String, listKey: String, filter: String?, kind: CredentialKind?, priority: RequestPriority, yield: ([Item]) async -> Void
    ) async throws {
        var query = [URLQueryItem(name: "limit", value: String(configuration.pageSize))]
        if let filter { query.append(URLQueryItem(name: "filter", value: filter)) }
        var next: URL? = url(path, query: query)
        var cursor = PageCursor(base: configuration.baseURL)
        var pages = 0
        while let pageURL = next {
            try Task.checkCancellation()
            guard pages < configuration.maxPages else {
                throw NgrokError.tooManyPages(endpoint: "GET \(path)", limit: configuration.maxPages)
            }
            pages += 1
            let answer = try await send(.GET, pageURL, priority: priority)
            let page: Page<Item> = try decode(answer, kind: kind, listKey: listKey)
            await yield(page.items)
            do {
                next = try page.nextPageURI.map { uri throws(NgrokError) in try cursor.accept(uri) }
            } catch {
                throw error.redacted(by: redactor)
            }
        }
    }

    func stream<Item: Sendable>(
        _ body: @escaping @Sendable (HTTPNgrokClient, (Item) -> Void) async throws -> Void
    ) -> AsyncThrowingStream<Item, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await body(self) { continuation.yield($0) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    // MARK: Helpers

    func decode<T: Decodable>(_ answer: Answer, kind: CredentialKind? = nil, listKey: String? = nil) throws -> T {
        let decoder = APIJSON.decoder()
        decoder.userInfo[Redactor.userInfoKey] = redactor
        if let kind { decoder.userInfo[Credential.kindKey] = kind }
        if let listKey { decoder.userInfo[Page<T>.listKeyKey] = listKey }
        do {
            return try decoder.decode(T.self, from: answer.body)
        } catch {
            let message = redactor.redact(String(describing: error))
            if answer.outcomeUnknownIfUnreadable {
                throw NgrokError.outcomeUnknown(endpoint: answer.endpoint, message: "the answer could not be read: \(message)")
            }
            throw NgrokError.decoding(endpoint: answer.endpoint, message: message)
        }
    }

    func url(_ path: String, query: [URLQueryItem] = []) -> URL {
        var components = URLComponents(url: configuration.baseURL, resolvingAgainstBaseURL: false)!
        let basePath = components.path.hasSuffix("/") ? String(components.path.dropLast()) : components.path
        components.path = basePath + path
        // Every character outside the unreserved set is escaped, so a filter's `=`, `+` and quotes
        // reach any server intact.
        components.percentEncodedQuery = query.isEmpty ? nil : query.map { item in
            let value = item.value.map { PercentEncoding.encode($0, allowing: PercentEncoding.isUnreserved) } ?? ""
            return "\(item.name)=\(value)"
        }.joined(separator: "&")
        return components.url!
    }

    /// Keys sorted, so a body is the same bytes every time.
    static func body(_ fields: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(fields)
    }

    func escaped(_ id: String) -> String {
        PercentEncoding.encode(id, allowing: PercentEncoding.isPathSegmentAllowed)
    }
}

/// The resource found by `.auto` detection, remembered for the client's lifetime. Set from inside
/// a page callback, which cannot wait, hence a lock rather than an actor; a probe in flight is
/// shared by everyone who asks meanwhile.
private final class ResolvedResource: Sendable {
    private let state = Mutex<(resource: BotResource?, probe: Task<BotResource, any Error>?)>((nil, nil))
    var value: BotResource? { state.withLock { $0.resource } }
    func set(_ value: BotResource) { state.withLock { $0.resource = value } }

    func probe(_ ask: @escaping @Sendable () async throws -> BotResource) async throws -> BotResource {
        let task = state.withLock { state in
            if let probe = state.probe { return probe }
            let probe = Task { try await ask() }
            state.probe = probe
            return probe
        }
        do {
            let resource = try await task.value
            set(resource)
            return resource
        } catch {
            // A failed probe is not remembered: the next caller asks again.
            state.withLock { if $0.probe == task { $0.probe = nil } }
            throw error
        }
    }
}
