import Essentials

/// The audit log read back as one entry per change: an outcome line stands for its change, and an
/// attempt whose outcome was never written (the program was killed, or the machine lost power,
/// while the request was out) is shown as sent with its outcome not recorded.
public struct AuditTimeline: Sendable {
    public var entries: [AuditEntry]
    /// Lines that are not audit entries (cut short, or not ours).
    public var unreadable: Int

    /// The outcome a timeline gives an attempt that has no outcome line.
    public static let notRecorded = "not-recorded"

    public init(log data: Data) {
        let decoder = JSONDecoder()
        var lines: [AuditEntry] = []
        var unreadable = 0
        for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
            if let entry = try? decoder.decode(AuditEntry.self, from: Data(line.utf8)) {
                lines.append(entry)
            } else {
                unreadable += 1
            }
        }
        let answered = Set(lines.filter { !$0.isAttempt }.compactMap(\.changeID))
        entries = lines.compactMap { line in
            guard line.isAttempt else { return line }
            if let id = line.changeID, answered.contains(id) { return nil }
            var unanswered = line
            unanswered.outcome = Self.notRecorded
            return unanswered
        }
        self.unreadable = unreadable
    }
}

extension AuditEntry {
    /// The outcome as the text timeline words it.
    public var outcomeText: String {
        outcome == AuditTimeline.notRecorded ? "sent, outcome not recorded" : outcome
    }
}
