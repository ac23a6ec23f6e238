import Foundation
import Synchronization

/// A tiny HTTP/1.1 server on 127.0.0.1 that answers exactly as a test scripts it: byte by byte with
/// pauses, with lying headers, forever. Each connection gets one answer and is closed. Built on plain
/// sockets so a misbehaviour is not smoothed over by a server framework.
final class HostileServer: Sendable {
    struct Request: Sendable {
        var method: String
        var target: String
        var headers: [String: String]
    }

    enum Piece: Sendable {
        case bytes(Data)
        case pause(Duration)
    }

    typealias Script = @Sendable (Request) -> [Piece]

    let port: Int
    private let listener: Int32
    private let script: Script
    private let log = Mutex<[Request]>([])
    private let stopped = Mutex(false)

    /// The requests that carry the tests' key. Tests run in parallel, and a client left over from
    /// another suite (its simulator stopped, its port handed on to this server) may still knock here.
    var requests: [Request] {
        log.withLock { $0 }.filter { $0.headers["authorization"] == "Bearer \(HostileServerTests.key)" }
    }
    var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    init(script: @escaping Script) throws {
        let (fd, port) = try boundSocket()
        guard listen(fd, 64) == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
        self.port = port
        listener = fd
        self.script = script
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// Stops accepting. The accept loop closes the listener itself when `accept` fails: closed
    /// here, its number could be handed to another test's socket before the loop's next `accept`,
    /// which would then take that test's connections and answer them with this script.
    func stop() {
        stopped.withLock { $0 = true }
        shutdown(listener, Int32(SHUT_RDWR))
    }

    private func acceptLoop() {
        defer { close(listener) }
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 { return }
            if stopped.withLock({ $0 }) {
                close(connection)
                return
            }
            Thread { [self] in serve(connection) }.start()
        }
    }

    private func serve(_ fd: Int32) {
        defer { close(fd) }
        guard let request = readRequest(fd) else { return }
        log.withLock { $0.append(request) }
        for piece in script(request) {
            switch piece {
            case .pause(let duration):
                Thread.sleep(forTimeInterval: Double(duration / .milliseconds(1)) / 1000)
            case .bytes(let data):
                let sent = data.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if sent < 0 { return }  // the client hung up: what the test wanted
            }
        }
    }

    /// The request line and headers, and the body (read and ignored) when it has a length.
    private func readRequest(_ fd: Int32) -> Request? {
        var buffer = Data()
        var chunk = [UInt8](repeating: 0, count: 4096)
        let end = Data("\r\n\r\n".utf8)
        while buffer.range(of: end) == nil {
            let count = recv(fd, &chunk, chunk.count, 0)
            if count <= 0 { return nil }
            buffer.append(contentsOf: chunk[0..<count])
        }
        let headEnd = buffer.range(of: end)!
        let head = String(decoding: buffer[..<headEnd.lowerBound], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let parts = lines.removeFirst().split(separator: " ")
        guard parts.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var remaining = Int(headers["content-length"] ?? "0") ?? 0
        remaining -= buffer.count - headEnd.upperBound
        while remaining > 0 {
            let count = recv(fd, &chunk, min(chunk.count, remaining), 0)
            if count <= 0 { break }
            remaining -= count
        }
        return Request(method: String(parts[0]), target: String(parts[1]), headers: headers)
    }

    // MARK: Answers

    /// A whole answer: status line, headers (a Content-Length unless given), body.
    static func answer(_ status: Int, headers: [String: String] = [:], body: String = "") -> [Piece] {
        [.bytes(head(status, headers: headers.merging(["Content-Length": String(body.utf8.count)]) { given, _ in given })
            + Data(body.utf8))]
    }

    static func head(_ status: Int, headers: [String: String]) -> Data {
        var text = "HTTP/1.1 \(status) Status\r\nConnection: close\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { text += "\(name): \(value)\r\n" }
        return Data((text + "\r\n").utf8)
    }

    /// A JSON page of bots, with a `next_page_uri` when given.
    static func botsPage(_ ids: [String], names: [String]? = nil, next: String?) -> [Piece] {
        answer(200, headers: ["Content-Type": "application/json"], body: botsJSON(ids, names: names, next: next))
    }

    static func botsJSON(_ ids: [String], names: [String]? = nil, next: String?) -> String {
        let bots = ids.enumerated().map { index, id in
            #"{"id":"\#(id)","uri":"https://api.ngrok.com/bot_users/\#(id)","name":"\#(names?[index] ?? id)","active":true,"created_at":"2026-01-01T00:00:00Z"}"#
        }
        let nextJSON = next.map { "\"\($0)\"" } ?? "null"
        return #"{"bot_users":[\#(bots.joined(separator: ","))],"uri":"","next_page_uri":\#(nextJSON)}"#
    }

    // MARK: Answers whose outcome is unknown (a change may have been made)

    /// A gateway in front of the API answering a POST with its own error page: the API behind it
    /// may have made the change.
    static func gatewayError(_ status: Int) -> [Piece] {
        answer(status, headers: ["Content-Type": "text/html"], body: "<html><body>\(status) Bad Gateway</body></html>")
    }

    /// A 2xx whose body stops part way and the connection closes, with no Content-Length to say so.
    static func cutShort(_ status: Int = 201, body: String) -> [Piece] {
        [.bytes(head(status, headers: ["Content-Type": "application/json"]) + Data(body.utf8.prefix(body.utf8.count / 2)))]
    }

    /// A 2xx whose Content-Length promises more than is sent before the connection closes.
    static func cutShortOfItsLength(_ status: Int = 201, body: String) -> [Piece] {
        [.bytes(head(status, headers: ["Content-Type": "application/json", "Content-Length": String(body.utf8.count)])
            + Data(body.utf8.prefix(body.utf8.count / 2)))]
    }

    static let createdBotJSON =
        #"{"id":"bot_new","uri":"https://api.ngrok.com/bot_users/bot_new","name":"new","active":true,"created_at":"2026-01-01T00:00:00Z"}"#
}

/// A socket bound to a free port on 127.0.0.1, for a test that binds or listens on it.
private func boundSocket() throws -> (fd: Int32, port: Int) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw POSIXError(.EIO) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return (fd, Int(UInt16(bigEndian: address.sin_port)))
}

/// A port bound but not listening: a connection to it is refused, and while it is held no other
/// socket can be given it.
final class ReservedPort: Sendable {
    let port: Int
    private let fd: Int32

    init() throws { (fd, port) = try boundSocket() }

    func release() { close(fd) }
}
