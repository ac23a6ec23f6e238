/// A message on the status line.
public struct Flash: Sendable, Equatable {
    public enum Level: Sendable, Equatable {
        case info
        case warning
        case error
    }

    public var text: String
    public var level: Level

    public init(_ text: String, _ level: Level = .info) {
        self.text = text
        self.level = level
    }
}
