import Essentials
import NgrokAPI

/// A request as the simulator sees it, independent of the HTTP server carrying it.
public struct SimulatorRequest: Sendable {
    public var method: String
    public var path: String
    /// Decoded query parameters (`+` read as a space, as form encoding does).
    public var query: [String: String]
    /// Header names in lower case.
    public var headers: [String: String]
    public var body: Data

    public init(method: String, path: String, query: [String: String] = [:], headers: [String: String] = [:], body: Data = Data()) {
        self.method = method.uppercased()
        self.path = path
        self.query = query
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
        self.body = body
    }

    /// Parses a raw, percent-encoded query string.
    public static func parseQuery(_ raw: String?) -> [String: String] {
        guard let raw, !raw.isEmpty else { return [:] }
        var result: [String: String] = [:]
        for pair in raw.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                PercentEncoding.decode(String(s).replacingEvery("+", with: " ")) ?? String(s)
            }
            result[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return result
    }
}

public struct SimulatorResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data
    /// Close the connection without a complete answer.
    public var dropConnection: Bool

    public init(status: Int, headers: [String: String] = [:], body: Data = Data(), dropConnection: Bool = false) {
        self.status = status
        self.headers = headers
        self.body = body
        self.dropConnection = dropConnection
    }
}

/// One line of the simulator's request log, for tests that count what reached the server.
public struct SimulatorRecord: Sendable {
    public var method: String
    public var path: String
    public var query: [String: String]
    public var status: Int
    public var at: ContinuousClock.Instant
}
