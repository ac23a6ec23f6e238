/// One line of the audit log. Names what was done to what and how it ended; never a key or a token.
///
/// A change is two lines sharing a `change_id`: the `attempt`, written and synced just before the
/// request goes out, and the `outcome` after the answer, so a run killed mid-request still leaves
/// a trace of what it sent (`AuditTimeline` pairs them). Lines written before there were phases
/// have neither field and read as outcomes.
public struct AuditEntry: Codable, Sendable, Equatable {
    public var time: String
    public var user: String
    public var apiHost: String
    public var action: String
    public var targetID: String
    public var targetName: String
    /// `ok`, `failed`, `already-gone`, `unknown` (a lost answer), `not-sent` (stopped while queued);
    /// `pending` on an attempt line; `not-recorded` in a timeline for an attempt with no outcome line.
    public var outcome: String
    public var httpStatus: Int?
    public var errorCode: String?
    public var operationID: String?
    public var message: String?
    /// `attempt` or `outcome`.
    public var phase: String?
    /// Pairs a change's attempt with its outcome, in a log several processes may share.
    public var changeID: String?

    public init(time: String, user: String, apiHost: String, action: String, targetID: String, targetName: String,
                outcome: String, httpStatus: Int? = nil, errorCode: String? = nil, operationID: String? = nil,
                message: String? = nil, phase: String? = nil, changeID: String? = nil) {
        self.time = time
        self.user = user
        self.apiHost = apiHost
        self.action = action
        self.targetID = targetID
        self.targetName = targetName
        self.outcome = outcome
        self.httpStatus = httpStatus
        self.errorCode = errorCode
        self.operationID = operationID
        self.message = message
        self.phase = phase
        self.changeID = changeID
    }

    public var isAttempt: Bool { phase == Self.attempt }

    static let attempt = "attempt"
    static let outcomePhase = "outcome"

    enum CodingKeys: String, CodingKey {
        case time, user, action, outcome, message, phase
        case apiHost = "api_host"
        case targetID = "target_id"
        case targetName = "target_name"
        case httpStatus = "http_status"
        case errorCode = "error_code"
        case operationID = "operation_id"
        case changeID = "change_id"
    }
}
