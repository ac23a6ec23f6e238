/// One thing wrong (or doubtful) in a configuration file, where it is: printed as `path:line: message`
/// so an editor can jump to it. Never quotes a value: the file may hold a key.
public struct ConfigIssue: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: Sendable, Equatable {
        case error
        case warning
    }

    public var path: String
    /// 1-based; nil when the problem is the file as a whole.
    public var line: Int?
    public var message: String
    public var severity: Severity

    public init(path: String, line: Int?, _ message: String, severity: Severity = .error) {
        self.path = path
        self.line = line
        self.message = message
        self.severity = severity
    }

    public var description: String {
        let place = line.map { "\(path):\($0)" } ?? path
        return "\(place): \(severity == .warning ? "warning: " : "")\(message)"
    }
}
