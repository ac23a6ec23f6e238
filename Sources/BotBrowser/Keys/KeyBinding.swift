/// One entry of the key registry. Help, the hint line, `keymap.conf` and the read-only filter all
/// come from the list of these in `KeyBindings.defaults`.
public struct KeyBinding: Sendable, Equatable {
    public var context: KeyContext
    public var keys: [KeyName]
    public var command: Command
    /// A sentence for the help screen.
    public var description: String
    /// One or two words for the hint line; nil keeps it out of the hints.
    public var hint: String?

    public init(_ context: KeyContext, _ keys: [String], _ command: Command, _ description: String, hint: String? = nil) {
        self.context = context
        self.keys = keys.map { KeyName(parse: $0)! }
        self.command = command
        self.description = description
        self.hint = hint
    }
}

public enum KeyBindings {
    /// The built-in keymap. `keymap.conf` at the repository root is this list in the user's format,
    /// and a test keeps the two identical.
    public static let defaults: [KeyBinding] = [
        // Anywhere in the browser.
        KeyBinding(.global, ["?", "<F1>"], .help, "Show every key of this pane", hint: "help"),
        KeyBinding(.global, ["q"], .quit, "Quit", hint: "quit"),
        KeyBinding(.global, ["r", "<C-r>"], .refresh, "Reload bots and credentials from the server (also retries a list that failed)", hint: "refresh"),
        KeyBinding(.global, ["!"], .eventLog, "Show every error and throttle of this session", hint: "log"),
        KeyBinding(.global, ["C"], .createdSince,
                   "What was created since a time you give (30m, 2h, 1d or RFC 3339): bots, API keys, authtokens, SSH keys, newest first, with their owners"),

        // The bot list.
        KeyBinding(.list, ["j", "<Down>"], .moveDown, "Select the next bot"),
        KeyBinding(.list, ["k", "<Up>"], .moveUp, "Select the previous bot"),
        KeyBinding(.list, ["<PgDn>"], .pageDown, "Down one page"),
        KeyBinding(.list, ["<PgUp>"], .pageUp, "Up one page"),
        KeyBinding(.list, ["<C-d>"], .halfPageDown, "Down half a page"),
        KeyBinding(.list, ["<C-u>"], .halfPageUp, "Up half a page"),
        KeyBinding(.list, ["g", "<Home>"], .top, "First bot"),
        KeyBinding(.list, ["G", "<End>"], .bottom, "Last bot"),
        KeyBinding(.list, ["<Enter>", "l", "<Right>"], .openDetail, "Show the bot's credentials", hint: "detail"),
        KeyBinding(.list, ["/"], .filter, "Filter by bot name or id, by a credential's id or description, or by a live session's id or agent IP", hint: "filter"),
        KeyBinding(.list, ["<Esc>"], .back, "Clear the filter"),
        KeyBinding(.list, ["s"], .cycleSort, "Sort by name, created, state or credential count", hint: "sort"),
        KeyBinding(.list, ["<Space>"], .mark, "Mark or unmark the bot for a bulk action", hint: "mark"),
        KeyBinding(.list, ["*"], .markAllVisible, "Mark the shown bots whose name or id matches the filter (again: every shown bot)"),
        KeyBinding(.list, ["u"], .clearMarks, "Unmark every bot"),
        KeyBinding(.list, ["D"], .deactivate, "Deactivate the marked bots, or the selected one (its credentials stop working)", hint: "deactivate"),
        KeyBinding(.list, ["A"], .activate, "Activate the marked bots, or the selected one (its credentials work again)", hint: "activate"),
        KeyBinding(.list, ["d", "<Del>"], .deleteBot, "Delete the bot and every credential it owns", hint: "delete"),
        KeyBinding(.list, ["n"], .newBot, "Create a bot", hint: "new"),
        KeyBinding(.list, ["e"], .renameBot, "Rename the bot"),
        KeyBinding(.list, ["y"], .copy, "Copy the bot's id (OSC 52, through SSH and tmux)"),
        KeyBinding(.list, ["K"], .stopAllSessions, "Stop every live agent session of the bot's authtokens and SSH keys"),

        // The detail pane: the selected bot's credentials.
        KeyBinding(.detail, ["j", "<Down>"], .moveDown, "Select the next credential"),
        KeyBinding(.detail, ["k", "<Up>"], .moveUp, "Select the previous credential"),
        KeyBinding(.detail, ["g", "<Home>"], .top, "First credential"),
        KeyBinding(.detail, ["G", "<End>"], .bottom, "Last credential"),
        KeyBinding(.detail, ["<Esc>", "h", "<Left>"], .back, "Back to the bot list", hint: "back"),
        // Bound here too: an id typed after an unbound `/` would otherwise run as commands (`x`, `R`, `D`…).
        KeyBinding(.detail, ["/"], .filter, "Filter the bots; the detail follows the selection and the cursor the match"),
        KeyBinding(.detail, ["D"], .deactivate, "Deactivate this bot (its credentials stop working)", hint: "deactivate"),
        KeyBinding(.detail, ["A"], .activate, "Activate this bot (its credentials work again)", hint: "activate"),
        KeyBinding(.detail, ["d", "<Del>"], .deleteBot, "Delete this bot and every credential it owns"),
        KeyBinding(.detail, ["e"], .renameBot, "Rename this bot"),
        KeyBinding(.detail, ["c"], .newCredential, "Create an API key, authtoken or SSH key owned by this bot", hint: "new credential"),
        KeyBinding(.detail, ["x"], .deleteCredential, "Delete the credential under the cursor", hint: "delete credential"),
        KeyBinding(.detail, ["R"], .rotateCredential, "Rotate the API key or authtoken under the cursor: a new one like it, then the old one deleted", hint: "rotate"),
        KeyBinding(.detail, ["y"], .copy, "Copy the id of the credential under the cursor (OSC 52)"),
        KeyBinding(.detail, ["S"], .stopSession, "Stop the live agent session under the cursor (its agent exits)", hint: "stop session"),
        KeyBinding(.detail, ["K"], .stopAllSessions, "Stop every live agent session of this bot's authtokens and SSH keys", hint: "stop all"),

        // The filter line.
        KeyBinding(.filter, ["<Enter>"], .confirm, "Keep the filter and go back to the list", hint: "keep"),
        KeyBinding(.filter, ["<Esc>"], .cancel, "Clear the filter", hint: "clear"),
        KeyBinding(.filter, ["<Backspace>"], .deleteBackward, "Delete the last character"),
        KeyBinding(.filter, ["<C-u>"], .clearInput, "Delete the whole filter"),
        KeyBinding(.filter, ["<Down>"], .moveDown, "Select the next bot"),
        KeyBinding(.filter, ["<Up>"], .moveUp, "Select the previous bot"),

        // Confirm dialogs.
        KeyBinding(.confirm, ["y"], .yes, "Confirm (when no name must be typed)", hint: "yes"),
        KeyBinding(.confirm, ["<Enter>"], .confirm, "Press the focused button; with a typed name, confirm", hint: "select"),
        KeyBinding(.confirm, ["n", "<Esc>"], .cancel, "Cancel", hint: "cancel"),
        KeyBinding(.confirm, ["<Tab>", "<Left>", "<Right>"], .switchFocus, "Move focus between the buttons", hint: "switch"),
        KeyBinding(.confirm, ["<Backspace>"], .deleteBackward, "Delete the last typed character"),
        KeyBinding(.confirm, ["<Down>", "<C-n>"], .moveDown, "Scroll a long list of bots down"),
        KeyBinding(.confirm, ["<Up>", "<C-p>"], .moveUp, "Scroll a long list of bots up"),
        KeyBinding(.confirm, ["t", "<C-t>"], .toggleStopSessions, "Deactivate or delete: whether the bot's live sessions are stopped too (C-t while typing a name)"),

        // Text prompts (new bot, rename, new credential).
        KeyBinding(.prompt, ["<Enter>"], .confirm, "Submit", hint: "submit"),
        KeyBinding(.prompt, ["<Esc>"], .cancel, "Cancel", hint: "cancel"),
        KeyBinding(.prompt, ["<Backspace>"], .deleteBackward, "Delete the last character"),
        KeyBinding(.prompt, ["<C-u>"], .clearInput, "Delete the whole text"),

        // The credential kind menu.
        KeyBinding(.choice, ["k", "1"], .chooseAPIKey, "API key", hint: "API key"),
        KeyBinding(.choice, ["t", "2"], .chooseAuthtoken, "Authtoken", hint: "authtoken"),
        KeyBinding(.choice, ["s", "3"], .chooseSSHKey, "SSH key", hint: "SSH key"),
        KeyBinding(.choice, ["<Esc>", "q"], .cancel, "Cancel", hint: "cancel"),

        // The one-time display of a new secret.
        KeyBinding(.secret, ["y"], .copy, "Copy the secret to the clipboard (OSC 52, works through SSH and tmux)", hint: "copy"),
        KeyBinding(.secret, ["<Enter>", "<Esc>"], .confirm, "Close; the secret is forgotten (asks once more if not copied)", hint: "close"),

        // The event log.
        KeyBinding(.log, ["<Esc>", "q", "!"], .back, "Close the event log", hint: "close"),
        KeyBinding(.log, ["j", "<Down>"], .moveDown, "Scroll down"),
        KeyBinding(.log, ["k", "<Up>"], .moveUp, "Scroll up"),

        // What was created since a time (`C`).
        KeyBinding(.since, ["j", "<Down>"], .moveDown, "Select the next entry"),
        KeyBinding(.since, ["k", "<Up>"], .moveUp, "Select the previous entry"),
        KeyBinding(.since, ["<PgDn>"], .pageDown, "Down one page"),
        KeyBinding(.since, ["<PgUp>"], .pageUp, "Up one page"),
        KeyBinding(.since, ["<Enter>"], .confirm, "Go to the entry's bot in the list (a credential opens its bot's detail on it); closes this pane", hint: "go to bot"),
        KeyBinding(.since, ["<Esc>", "q", "C"], .back, "Close this pane", hint: "close"),

        // Help.
        KeyBinding(.help, ["<Esc>", "q", "?", "<F1>"], .back, "Close help", hint: "close"),
        KeyBinding(.help, ["j", "<Down>"], .moveDown, "Scroll down"),
        KeyBinding(.help, ["k", "<Up>"], .moveUp, "Scroll up"),
        KeyBinding(.help, ["<PgDn>", "<Space>"], .pageDown, "Down one page"),
        KeyBinding(.help, ["<PgUp>"], .pageUp, "Up one page"),
        KeyBinding(.help, ["g", "<Home>"], .top, "Top"),
        KeyBinding(.help, ["G", "<End>"], .bottom, "Bottom"),
    ]
}
