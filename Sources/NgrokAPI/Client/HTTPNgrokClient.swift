import AsyncHTTPClient
import Foundation
import Synchronization

/// The real client: async-http-client, a shared rate limiter, bounded retries, strict pagination.
public final class HTTPNgrokClient: NgrokClient {
    public let configuration: ClientConfiguration
    public var apiHost: String { configuration.baseURL.host ?? configuration.baseURL.absoluteString }

    private let limiter: RateLimiter
    private let redactor: Redactor
    private let http: HTTPClient
    private let resolvedResource = ResolvedResource()

    public init(configuration: ClientConfiguration, httpClient: HTTPClient = .shared) throws(NgrokError) {
        try ClientConfiguration.validate(baseURL: configuration.baseURL)
        self.configuration = configuration
        // Wall-clock times from an earlier run, as instants of this run's monotonic clock.
        let (wall, mono) = (Date(), ContinuousClock.now)
        let recent = configuration.recentRequests.map { mono + .milliseconds(Int($0.timeIntervalSince(wall) * 1000)) }
        self.limiter = RateLimiter(limit: configuration.requestsPerWindow, window: configuration.window,
                                   maxInFlight: configuration.maxInFlight, margin: configuration.windowMargin, recent: recent)
        self.redactor = Redactor(secrets: [configuration.apiKey])
        self.http = httpClient
    }

    /// When the requests the server may still be counting stop counting, as wall-clock times to
    /// hand to the next run (`ClientConfiguration.recentRequests`).
    public func recentRequests() async -> [Date] {
        let (wall, mono) = (Date(), ContinuousClock.now)
        return await limiter.windowExpiries().map { wall + Double(($0 - mono) / .milliseconds(1)) / 1000 }
    }

    // MARK: Bots

    public func resource() async throws -> BotResource {
        switch configuration.resource {
        case .serviceUsers: return .serviceUsers
        case .botUsers: return .botUsers
        case .auto: break
        }
        if let known = resolvedResource.value { return known }
        do {
            _ = try await send(.GET, url(BotResource.serviceUsers.path, query: [URLQueryItem(name: "limit", value: "1")]))
            resolvedResource.set(.serviceUsers)
            return .serviceUsers
        } catch let error as NgrokError where error.status == 404 {
            resolvedResource.set(.botUsers)
            return .botUsers
        }
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
            try await self.decode(self.send(.GET, self.url("\(resource.path)/\(self.escaped(id))")))
        }
    }

    public func createBot(name: String, active: Bool) async throws -> BotUser {
        let body = try JSONSerialization.data(withJSONObject: ["name": name, "active": active], options: [.sortedKeys])
        // A 404 means no such route: nothing was created, so asking the other name is safe.
        return try await withBotResource { resource in
            try await self.decode(self.send(.POST, self.url(resource.path), body: body))
        }
    }

    public func updateBot(id: String, name: String?, active: Bool?) async throws -> BotUser {
        var fields: [String: Any] = [:]
        if let name { fields["name"] = name }
        if let active { fields["active"] = active }
        let body = try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
        return try await withBotResource { resource in
            try await self.decode(self.send(.PATCH, self.url("\(resource.path)/\(self.escaped(id))"), body: body))
        }
    }

    public func deleteBot(id: String) async throws {
        try await withBotResource { resource in
            _ = try await self.send(.DELETE, self.url("\(resource.path)/\(self.escaped(id))"))
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
        do {
            let value = try await request(.serviceUsers)
            resolvedResource.set(.serviceUsers)
            return value
        } catch let error as NgrokError where error.status == 404 {
            do {
                let value = try await request(.botUsers)
                resolvedResource.set(.botUsers)
                return value
            } catch let second as NgrokError where second.status == 404 {
                throw error  // not there under either name
            }
        }
    }

    // MARK: Credentials

    public func listCredentials(_ kind: CredentialKind, ownerID: String?, priority: RequestPriority) -> AsyncThrowingStream<[Credential], any Error> {
        stream { client, yield in
            guard let ownerID else {
                try await client.pages(path: kind.path, listKey: kind.listKey, filter: nil, kind: kind, priority: priority, yield: yield)
                return
            }
            let filter = CELFilter.ownerIs(ownerID)
            var yieldedAny = false
            do {
                try await client.pages(path: kind.path, listKey: kind.listKey, filter: filter, kind: kind, priority: priority) { (page: [Credential]) in
                    yieldedAny = true
                    yield(page)
                }
            } catch let error as NgrokError where error.status == 400 && !yieldedAny {
                // This server does not take the filter: list everything and keep the owner's.
                try await client.pages(path: kind.path, listKey: kind.listKey, filter: nil, kind: kind, priority: priority) { (page: [Credential]) in
                    yield(page.filter { $0.ownerID == ownerID })
                }
            }
        }
    }

    public func findCredentials(_ kind: CredentialKind, filter: String) async throws -> [Credential] {
        var query = [URLQueryItem(name: "limit", value: String(configuration.pageSize))]
        query.append(URLQueryItem(name: "filter", value: filter))
        let page: Page<Credential> = try await decode(send(.GET, url(kind.path, query: query)), kind: kind, listKey: kind.listKey)
        return page.items
    }

    public func getCredential(_ kind: CredentialKind, id: String) async throws -> Credential {
        try await decode(send(.GET, url("\(kind.path)/\(escaped(id))")), kind: kind)
    }

    public func createCredential(_ kind: CredentialKind, ownerID: String, description: String, publicKey: String?) async throws -> Credential {
        var fields: [String: Any] = ["owner_id": ownerID, "description": description]
        if let publicKey { fields["public_key"] = publicKey }
        let body = try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
        return try await decode(send(.POST, url(kind.path), body: body), kind: kind)
    }

    public func deleteCredential(_ kind: CredentialKind, id: String) async throws {
        _ = try await send(.DELETE, url("\(kind.path)/\(escaped(id))"))
    }

    // MARK: Requests

    enum Method: String {
        case GET, POST, PATCH, DELETE
    }

    struct Answer {
        var status: Int
        var body: Data
        var endpoint: String
    }

    /// Sends one request through the limiter, retrying what is safe to retry.
    func send(_ method: Method, _ url: URL, body: Data? = nil, priority: RequestPriority = .interactive) async throws -> Answer {
        let endpoint = "\(method.rawValue) \(url.path)"
        let policy = configuration.retry
        let attempts = method == .POST ? 1 : max(1, policy.maxAttempts)
        var attempt = 0
        while true {
            attempt += 1
            let isLast = attempt >= attempts
            let raw: (status: Int, retryAfter: String?, body: Data)
            do {
                raw = try await limiter.withSlot(priority) { try await self.execute(method, url, body: body) }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                let message = redactor.redact(String(describing: error))
                if method == .POST { throw NgrokError.outcomeUnknown(endpoint: endpoint, message: message) }
                if isLast { throw NgrokError.transport(endpoint: endpoint, message: message) }
                try await Task.sleep(for: policy.backoff(afterAttempt: attempt))
                continue
            }
            if (200..<300).contains(raw.status) {
                return Answer(status: raw.status, body: raw.body, endpoint: endpoint)
            }
            // A retried DELETE may have succeeded the first time; its 404 now means done.
            if method == .DELETE && raw.status == 404 && attempt > 1 {
                return Answer(status: 204, body: Data(), endpoint: endpoint)
            }
            let retryable = raw.status == 429 || raw.status >= 500
            if retryable && !isLast {
                let delay = raw.status == 429
                    ? policy.delayFor429(retryAfter: raw.retryAfter, attempt: attempt)
                    : policy.backoff(afterAttempt: attempt)
                if raw.status == 429 { configuration.onThrottle?(delay) }
                try await Task.sleep(for: delay)
                continue
            }
            throw apiError(status: raw.status, body: raw.body, endpoint: endpoint)
        }
    }

    private func execute(_ method: Method, _ url: URL, body: Data?) async throws -> (status: Int, retryAfter: String?, body: Data) {
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
        let seconds = Int64(configuration.timeout / .seconds(1))
        let response = try await http.execute(request, timeout: .seconds(max(1, seconds)))
        let buffer = try await response.body.collect(upTo: 16 << 20)
        return (Int(response.status.code), response.headers.first(name: "Retry-After"), Data(buffer.readableBytesView))
    }

    private func apiError(status: Int, body: Data, endpoint: String) -> NgrokError {
        if let parsed = try? JSONDecoder().decode(APIErrorBody.self, from: body) {
            return .api(status: status, code: parsed.errorCode, message: redactor.redact(parsed.msg),
                        operationID: parsed.operationID, endpoint: endpoint)
        }
        let text = String(decoding: body.prefix(200), as: UTF8.self)
        return .api(status: status, code: nil, message: redactor.redact(text.isEmpty ? "no error body" : text),
                    operationID: nil, endpoint: endpoint)
    }

    // MARK: Pagination

    /// Fetches the first page at `path` and follows `next_page_uri` until it is null.
    func pages<Item: Decodable & Sendable>(
        path: String, listKey: String, filter: String?, kind: CredentialKind?, priority: RequestPriority, yield: ([Item]) -> Void
    ) async throws {
        var query = [URLQueryItem(name: "limit", value: String(configuration.pageSize))]
        if let filter { query.append(URLQueryItem(name: "filter", value: filter)) }
        var next: URL? = url(path, query: query)
        var cursor = PageCursor(base: configuration.baseURL)
        while let pageURL = next {
            try Task.checkCancellation()
            let answer = try await send(.GET, pageURL, priority: priority)
            let page: Page<Item> = try decode(answer, kind: kind, listKey: listKey)
            yield(page.items)
            next = try page.nextPageURI.map { uri throws(NgrokError) in try cursor.accept(uri) }
        }
    }

    private func stream<Item: Sendable>(
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

    private func decode<T: Decodable>(_ answer: Answer, kind: CredentialKind? = nil, listKey: String? = nil) throws -> T {
        let decoder = APIJSON.decoder()
        if let kind { decoder.userInfo[Credential.kindKey] = kind }
        if let listKey { decoder.userInfo[Page<T>.listKeyKey] = listKey }
        do {
            return try decoder.decode(T.self, from: answer.body)
        } catch {
            throw NgrokError.decoding(endpoint: answer.endpoint, message: redactor.redact(String(describing: error)))
        }
    }

    private func url(_ path: String, query: [URLQueryItem] = []) -> URL {
        var components = URLComponents(url: configuration.baseURL, resolvingAgainstBaseURL: false)!
        let basePath = components.path.hasSuffix("/") ? String(components.path.dropLast()) : components.path
        components.path = basePath + path
        // Every character outside the unreserved set is escaped, so a filter's `=`, `+` and quotes
        // reach any server intact.
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        components.percentEncodedQuery = query.isEmpty ? nil : query.map { item in
            let value = item.value?.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
            return "\(item.name)=\(value)"
        }.joined(separator: "&")
        return components.url!
    }

    private func escaped(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? id
    }
}

/// The resource found by `.auto` detection, remembered for the client's lifetime. Set from inside
/// a page callback, which cannot wait, hence a lock rather than an actor.
private final class ResolvedResource: Sendable {
    private let resource = Mutex<BotResource?>(nil)
    var value: BotResource? { resource.withLock { $0 } }
    func set(_ value: BotResource) { resource.withLock { $0 = value } }
}
