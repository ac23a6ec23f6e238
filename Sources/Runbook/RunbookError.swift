import NgrokAPI

/// Why a runbook command stopped, with the exit status scripts can branch on.
public struct RunbookError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The documented exit statuses (README, "Exit status").
    public enum Status: Int32, Sendable {
        case done = 0
        case apiError = 1
        case usage = 2
        case notFound = 3
        case ambiguous = 4
        case refused = 5
        /// `--verify` found the bot active again, or an agent or endpoint of it still up.
        case notContained = 6
    }

    public var status: Status
    public var message: String
    /// The API's error behind an `apiError`, so the caller can say more (a refused key, where it came from).
    public var cause: NgrokError?

    public init(_ status: Status, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { message }

    public static func api(_ error: NgrokError) -> RunbookError {
        var made = RunbookError(.apiError, error.summary)
        made.cause = error
        return made
    }

    /// Text shaped like an id that is not a complete one (`ObjectID.isMalformed`): a usage error,
    /// not "no bot is named …".
    /// `lookingFor` names what was asked for (`no bot bot_nope: …`).
    static func malformedID(_ text: String, lookingFor: String? = nil) -> RunbookError {
        RunbookError(.usage, (lookingFor.map { "no \($0) \(text): " } ?? "")
                     + "\(text) is not a complete id: an id is a prefix (service_, bot_, ak_, cr_, sshcr_, ts_) and 27 letters and digits")
    }

    /// `--verify`: the change was made, and the server says it is not enough.
    public static let notContained = RunbookError(.notContained, "not contained (see above): stop its sessions, or look at what is back")

    /// Every failure from below, as a runbook error: the server's stays an API error.
    static func from(_ error: any Error) -> RunbookError {
        if let error = error as? RunbookError { return error }
        if let error = error as? NgrokError { return .api(error) }
        return RunbookError(.apiError, String(describing: error))
    }
}
