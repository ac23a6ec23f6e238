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
    case toggleActive = "toggle-active"
    case deleteBot = "delete-bot"
    case deactivateMarked = "deactivate-marked"
    case activateMarked = "activate-marked"
    case newBot = "new-bot"
    case renameBot = "rename-bot"
    case newCredential = "new-credential"
    case deleteCredential = "delete-credential"
    case refresh
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

    /// Commands that change the account. `--read-only` removes all of them, from keys and reducer alike.
    public var isMutating: Bool {
        switch self {
        case .toggleActive, .deleteBot, .deactivateMarked, .activateMarked, .newBot, .renameBot,
             .newCredential, .deleteCredential:
            true
        default:
            false
        }
    }
}
