/// Every verb a key can be bound to. The raw value is the name used in `keymap.conf` and help.
public enum Command: String, Sendable, CaseIterable, Hashable {
    case moveDown = "move-down"
    case moveUp = "move-up"
    case pageDown = "page-down"
    case pageUp = "page-up"
    case halfPageDown = "half-page-down"
    case halfPageUp = "half-page-up"
    case top
    case bottom
    case openDetail = "open-detail"
    case back
    case filter
    case cycleSort = "cycle-sort"
    case mark
    case markAllVisible = "mark-all-visible"
    case clearMarks = "clear-marks"
    /// Deactivate the marked bots, or the selected one when none is marked. Never a toggle: pressed
    /// on a bot shown inactive it still deactivates (the screen may be stale; the server decides).
    case deactivate
    case activate
    case deleteBot = "delete-bot"
    case newBot = "new-bot"
    case renameBot = "rename-bot"
    case newCredential = "new-credential"
    case deleteCredential = "delete-credential"
    /// Replace the API key or authtoken under the cursor: a new one like it, then the old one deleted.
    case rotateCredential = "rotate-credential"
    case refresh
    /// Every error and throttle of the session, with time, status, code and operation id.
    case eventLog = "event-log"
    /// What was created since a time (asked for): the persistence a leaked admin key may have left.
    case createdSince = "created-since"
    /// Copies to the terminal's clipboard (OSC 52).
    case copy
    case help
    case quit
    // Inside dialogs, prompts and the filter line.
    case confirm
    /// An explicit yes: confirms even when focus is on Cancel (never when a name must be typed).
    case yes
    case cancel
    case switchFocus = "switch-focus"
    case deleteBackward = "delete-backward"
    case clearInput = "clear-input"
    case chooseAPIKey = "choose-api-key"
    case chooseAuthtoken = "choose-authtoken"
    case chooseSSHKey = "choose-ssh-key"
    // Live agent sessions (issue 13).
    /// Stop the live session under the detail cursor (its agent exits).
    case stopSession = "stop-session"
    /// Stop every live session of the bot's authtokens and SSH keys.
    case stopAllSessions = "stop-all-sessions"
    /// In a deactivate or delete dialog: whether the bot's live sessions are stopped too.
    case toggleStopSessions = "toggle-stop-sessions"

    /// Whether it changes the account: `--read-only` refuses it and keeps it out of hints and help.
    public var isMutating: Bool { traits.mutates }
}
