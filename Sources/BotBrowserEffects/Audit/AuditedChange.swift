import BotBrowser

/// One change as the audit log pairs its lines: the id its `attempt` and `outcome` share, and what
/// the attempt names.
struct AuditedChange: Sendable {
    let id: String
    let subject: AuditSubject

    init(_ subject: AuditSubject) {
        // Unique across the processes that may share one log, without a coordinator.
        var generator = SystemRandomNumberGenerator()
        id = (0..<2).map { _ in String(generator.next() as UInt64, radix: 16) }.joined(separator: "-")
        self.subject = subject
    }
}
