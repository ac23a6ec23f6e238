import Essentials
import NgrokAPI

/// The session's errors, warnings and throttles, newest last, so a message that left the status
/// line is still there to read (the `!` pane). Bounded: an endless 429 storm cannot grow it forever.
public struct EventLog: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var time: Date
        public var level: Flash.Level
        public var text: String
        public var status: Int?
        public var code: String?
        public var operationID: String?
    }

    public static let capacity = 500
    public private(set) var entries: [Entry] = []
    /// Entries dropped from the front to stay within `capacity`.
    public private(set) var dropped = 0

    public init() {}

    public mutating func record(_ text: String, level: Flash.Level, at time: Date, error: NgrokError? = nil) {
        entries.append(Entry(time: time, level: level, text: text, status: error?.status, code: error?.code,
                             operationID: error?.operationID))
        if entries.count > Self.capacity {
            entries.removeFirst(entries.count - Self.capacity)
            dropped += 1
        }
    }

    public var isEmpty: Bool { entries.isEmpty }
}
