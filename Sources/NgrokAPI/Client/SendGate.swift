import Synchronization

/// Tells apart, for one change, "still queued" from "sent": the client passes the gate just before a
/// request's bytes go out, and whoever stops the program closes the gates still waiting. A closed
/// gate is a change that certainly never reached the server; an entered one may have.
///
/// Each of the client's changes takes one as a parameter.
public final class SendGate: Sendable {
    private enum State { case waiting, sent, closed }
    private let state = Mutex(State.waiting)
    /// Run once, when the gate is first entered, before the request's bytes go out (the audit
    /// log's `attempt` line): a change stopped while queued never runs it.
    private let onSend: (@Sendable () -> Void)?

    public init(onSend: (@Sendable () -> Void)? = nil) {
        self.onSend = onSend
    }

    /// Called by the client just before sending; false when the gate was closed first.
    public func enter() -> Bool {
        let first = state.withLock { state -> Bool? in
            if state == .closed { return nil }
            defer { state = .sent }
            return state == .waiting
        }
        guard let first else { return false }
        if first { onSend?() }
        return true
    }

    /// Closes the gate if nothing was sent yet; true when the change is now certain never to be sent.
    public func close() -> Bool {
        state.withLock { state in
            if state == .sent { return false }
            state = .closed
            return true
        }
    }
}
