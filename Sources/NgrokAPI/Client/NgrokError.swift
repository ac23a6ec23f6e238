/// The body the API sends with every error: `{error_code?, status_code, msg, details{operation_id}}`.
public struct APIErrorBody: Codable, Sendable, Equatable {
    public var errorCode: String?
    public var statusCode: Int
    public var msg: String
    public var details: [String: String]?

    public init(errorCode: String?, statusCode: Int, msg: String, operationID: String?) {
        self.errorCode = errorCode
        self.statusCode = statusCode
        self.msg = msg
        self.details = operationID.map { ["operation_id": $0] }
    }

    enum CodingKeys: String, CodingKey {
        case errorCode = "error_code"
        case statusCode = "status_code"
        case msg, details
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        errorCode = try c.decodeIfPresent(String.self, forKey: .errorCode)
        statusCode = try c.decodeIfPresent(Int.self, forKey: .statusCode) ?? 0
        msg = try c.decodeIfPresent(String.self, forKey: .msg) ?? ""
        // `details` may hold values that are not strings; keep the strings, which include operation_id.
        if let raw = try? c.decodeIfPresent([String: JSONScalar].self, forKey: .details) {
            details = raw.compactMapValues(\.string)
        } else {
            details = nil
        }
    }

    public var operationID: String? { details?["operation_id"] }
}

/// A JSON value read loosely, so an unexpected detail never breaks error decoding.
struct JSONScalar: Decodable {
    let string: String?
    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        string = try? c.decode(String.self)
    }
}

/// Every failure the client reports. Messages never contain the API key.
public enum NgrokError: Error, Sendable, Equatable {
    /// The server answered with an error status.
    case api(status: Int, code: String?, message: String, operationID: String?, endpoint: String)
    /// The request did not get an answer (connection refused, reset, timed out).
    case transport(endpoint: String, message: String)
    /// A POST whose answer was lost: it may or may not have happened on the server.
    case outcomeUnknown(endpoint: String, message: String)
    /// The answer was not the JSON we expected.
    case decoding(endpoint: String, message: String)
    /// A `next_page_uri` pointed somewhere other than the API we were given.
    case foreignPageURI(String)
    /// The server sent the same page twice; following it would never end.
    case repeatedPageURI(String)
    /// Plain http to a host that is not loopback, or an unusable URL.
    case insecureURL(String)
    /// No API key anywhere we look.
    case missingAPIKey(String)
    /// A key that cannot be sent as it is (several lines, a control character); the message never quotes it.
    case invalidAPIKey(String)
    /// The request got no complete answer within the client's deadline.
    case timedOut(endpoint: String, seconds: Int)
    /// The answer is larger than the client accepts; it was not read further.
    case answerTooLarge(endpoint: String, limit: Int)
    /// A list went on for more pages than any real account has.
    case tooManyPages(endpoint: String, limit: Int)
    /// The server redirected to another origin (or redirected a change); the key is not sent there.
    case redirectRefused(endpoint: String, location: String)
    /// A change that was still queued when the program stopped: it never reached the server.
    case notSent(endpoint: String)

    public var status: Int? {
        if case .api(let status, _, _, _, _) = self { return status }
        return nil
    }

    public var code: String? {
        if case .api(_, let code, _, _, _) = self { return code }
        return nil
    }

    public var operationID: String? {
        if case .api(_, _, _, let op, _) = self { return op }
        return nil
    }

    /// One line for a status bar or stderr: message, status, code and operation id when known.
    public var summary: String {
        switch self {
        case let .api(status, code, message, op, endpoint):
            var parts = ["HTTP \(status)"]
            if let code { parts.append(code) }
            if let op { parts.append(op) }
            return "\(endpoint): \(message) (\(parts.joined(separator: ", ")))"
        case let .transport(endpoint, message):
            // Unreachable is about the host, not the request: one plain sentence.
            return message.hasPrefix("cannot reach ") ? message : "\(endpoint): \(message)"
        case let .outcomeUnknown(endpoint, message):
            return "\(endpoint): outcome unknown, the answer was lost (\(message)); refresh to see what happened"
        case let .decoding(endpoint, message):
            return "\(endpoint): unexpected answer: \(message)"
        case let .foreignPageURI(uri):
            return "refused to follow next_page_uri to another server: \(uri)"
        case let .repeatedPageURI(uri):
            return "the server sent the same page twice, stopped listing: \(uri)"
        case let .insecureURL(message):
            return message
        case let .missingAPIKey(message), let .invalidAPIKey(message):
            return message
        case let .timedOut(endpoint, seconds):
            return "\(endpoint): no complete answer within \(seconds) s, gave up"
        case let .answerTooLarge(endpoint, limit):
            return "\(endpoint): the answer is larger than \(limit / (1 << 20)) MiB, refused to read it"
        case let .tooManyPages(endpoint, limit):
            return "\(endpoint): the list goes on for more than \(limit) pages, stopped listing"
        case let .redirectRefused(endpoint, location):
            return "\(endpoint): refused to follow a redirect to \(location)"
        case let .notSent(endpoint):
            return "\(endpoint): not sent, the program stopped first"
        }
    }

    /// The same error with the key removed from every text it carries, server-supplied or not.
    public func redacted(by redactor: Redactor) -> NgrokError {
        let r = { (text: String) in redactor.redact(text) }
        switch self {
        case let .api(status, code, message, op, endpoint):
            return .api(status: status, code: code.map(r), message: r(message), operationID: op.map(r), endpoint: r(endpoint))
        case let .transport(endpoint, message): return .transport(endpoint: r(endpoint), message: r(message))
        case let .outcomeUnknown(endpoint, message): return .outcomeUnknown(endpoint: r(endpoint), message: r(message))
        case let .decoding(endpoint, message): return .decoding(endpoint: r(endpoint), message: r(message))
        case let .foreignPageURI(uri): return .foreignPageURI(r(uri))
        case let .repeatedPageURI(uri): return .repeatedPageURI(r(uri))
        case let .insecureURL(message): return .insecureURL(r(message))
        case let .missingAPIKey(message): return .missingAPIKey(r(message))
        case let .invalidAPIKey(message): return .invalidAPIKey(r(message))
        case let .timedOut(endpoint, seconds): return .timedOut(endpoint: r(endpoint), seconds: seconds)
        case let .answerTooLarge(endpoint, limit): return .answerTooLarge(endpoint: r(endpoint), limit: limit)
        case let .tooManyPages(endpoint, limit): return .tooManyPages(endpoint: r(endpoint), limit: limit)
        case let .redirectRefused(endpoint, location): return .redirectRefused(endpoint: r(endpoint), location: r(location))
        case let .notSent(endpoint): return .notSent(endpoint: r(endpoint))
        }
    }
}

extension NgrokError: CustomStringConvertible {
    public var description: String { summary }
}

extension NgrokError {
    /// The API refused the key itself (401, or 403: not an admin's key, or its owner is inactive).
    /// Nothing a retry or another request can change: the program needs another key.
    public var isKeyRefused: Bool { status == 401 || status == 403 }

    /// Found before anything was sent: no key, a key that cannot be sent, plain http to a remote
    /// host. A configuration error (exit status 2), not the API's.
    public var isConfiguration: Bool {
        switch self {
        case .missingAPIKey, .invalidAPIKey, .insecureURL: true
        default: false
        }
    }

    /// One message for a refused key: that it was refused, where it came from (`source`, as
    /// `APIKeySource.Found.source` says it), what the server said, and what key it must be.
    public func keyRefusedMessage(source: String?) -> String {
        guard case let .api(status, code, message, op, _) = self else { return summary }
        let origin = source.map { " from \($0)" } ?? ""
        var said = message.trimmed
        while said.hasSuffix(".") { said.removeLast() }
        let answer = ["HTTP \(status)", code, op].compactMap { $0 }.joined(separator: ", ")
        // What to do first: a status line cuts the end.
        return "the API refused the API key\(origin); it must be an admin's API key (ngrok dashboard, API Keys). "
            + (said.isEmpty ? "(\(answer))" : "The API said: \(said) (\(answer))")
    }

    /// `keyRefusedMessage` for a refused key, else the summary.
    public func describe(keySource: String?) -> String {
        isKeyRefused ? keyRefusedMessage(source: keySource) : summary
    }
}
