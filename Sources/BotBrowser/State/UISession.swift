import Essentials

/// The session at the terminal: what the user is told (the status line, the event log), the
/// clock, the screen's size, when keys arrived, and whether they asked to quit.
public struct UISession: Sendable, Equatable {
    public var flash: Flash?
    /// Every error, warning and throttle of the session, for the event log pane.
    public var events = EventLog()
    public var now: Date
    public var screen = Size(width: 80, height: 24)
    /// When the last key arrived and when the dialog on top opened: keys that reach a dialog
    /// within `Reducer.dialogGuard` of its opening were typed before the user could read it.
    public var lastKeyAt: Date?
    public var modalOpenedAt: Date?
    /// The user has pressed a key or pasted: from then on the selection is theirs.
    public var userHasActed = false
    /// Set by the quit command; the interactive loop ends when it sees it.
    public var quitRequested = false

    public init(now: Date) {
        self.now = now
    }
}
