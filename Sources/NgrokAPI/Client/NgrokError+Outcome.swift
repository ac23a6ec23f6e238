extension NgrokError {
    /// The request went out but its answer never arrived whole (cut off by the deadline, or too
    /// large to read): for a change, whether it was made is unknown.
    var lostAnAnswer: Bool {
        switch self {
        case .timedOut, .answerTooLarge: true
        default: false
        }
    }
}
