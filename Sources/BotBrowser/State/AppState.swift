import Essentials
import NgrokAPI

/// Everything the screen shows and every decision the keys need. A value: the reducer changes it,
/// rendering reads it, nothing else touches it. Made of parts, each in its own file: what the
/// server told us (`Account`), how its lists are loading (`Loads`), how the user is looking at it
/// (`Browser`), what is open on screen (`PaneStack`), the changes on their way (`ChangesInFlight`), how
/// the program was started (`Settings`) and the terminal session around it all (`UISession`).
public struct AppState: Sendable, Equatable {
    public var settings: Settings
    public var account = Account()
    public var loads = Loads()
    public var browser = Browser()
    public var panes = PaneStack()
    public var changes = ChangesInFlight()
    public var ui: UISession

    public init(apiHost: String, readOnly: Bool = false, isDemo: Bool = false, display: DisplayOptions = DisplayOptions(),
                keymap: Keymap = .defaults, now: Date = Date()) {
        settings = Settings(apiHost: apiHost, readOnly: readOnly, isDemo: isDemo, display: display, keymap: keymap)
        ui = UISession(now: now)
    }

    public var visibleIDs: BotIDList { browser.visibleIDs }

    // MARK: Derived

    public var top: Pane { panes.top }
    public var context: KeyContext { top.context }
    public var bots: BotsByID { account.bots }
    public var botsVersion: Int { account.botsVersion }
    public var activeCount: Int { account.botTable.activeCount }
    public var peopleCredentialCount: Int { account.peopleCredentialCount }
    public var selectedBot: BotUser? { browser.selectedID.flatMap { bots[$0] } }
    public var selectedIndex: Int? { browser.selectedIndex(in: account) }

    /// Selects the bot at `index` of the visible list.
    public mutating func select(index: Int) {
        browser.select(index: index)
    }
    /// The filter as it is matched: trimmed (pasted ids often carry spaces) and lower-cased.
    public var needle: String { browser.needle }
    public var isDetailOpen: Bool { panes.isDetailOpen }
    public var isLoading: Bool { loads.isLoading }
    public var credentialsLoading: Bool { loads.credentialsLoading }

    /// Marked bots that the filter hides (still acted on by bulk actions).
    public var hiddenMarkedCount: Int {
        let visible = Set(visibleIDs)
        return browser.marked.reduce(0) { $0 + (visible.contains($1) ? 0 : 1) }
    }

    /// The selected bot's credentials in display order: API keys, authtokens, SSH keys; newest first.
    public var selectedCredentials: [Credential] {
        guard let id = browser.selectedID else { return [] }
        let newest = account.newestFirst(of: id)
        return CredentialKind.allCases.flatMap { kind in newest.filter { $0.kind == kind } }
    }

    /// The credential under the detail pane's cursor, with its bot (the command table has made sure
    /// there is one before a command that needs it runs).
    public var credentialUnderCursor: (credential: Credential, bot: BotUser)? {
        guard let bot = selectedBot else { return nil }
        let credentials = selectedCredentials
        return browser.detailCursor < credentials.count ? (credentials[browser.detailCursor], bot) : nil
    }

    /// How many credentials of `kind` the bot owns, or nil while that is not known (its list is
    /// still loading or failed, and the bot's own list was not fetched).
    public func knownCount(of owner: String, _ kind: CredentialKind) -> Int? {
        if loads.progress[.credentials(kind)]?.phase == .done || account.ownerKindsLoaded[owner]?.contains(kind) == true {
            return account.counts(of: owner)[kind]
        }
        return nil
    }

    /// When the filter is exactly the id of a credential owned by a person (`usr_…`), not a bot.
    public var personOwnedMatch: (credential: String, owner: String)? {
        let id = browser.filterText.trimmed
        guard let owner = account.owner(ofCredential: id), !owner.isEmpty, bots[owner] == nil else { return nil }
        return (id, owner)
    }

    /// What to say when the filter is a person's credential id: there is no bot to act on.
    public var personOwnedNote: String? {
        personOwnedMatch.map { "\($0.credential) is owned by a person (\($0.owner)), not a bot: there is no bot to deactivate" }
    }

    /// Why "no match" may not be the whole truth: lists still loading or that failed to load.
    public var searchCaveat: String? {
        var parts: [String] = []
        let failed = LoadTarget.allCases.filter { if case .failed = loads.progress[$0]?.phase { true } else { false } }
        let loading = LoadTarget.allCases.filter { loads.progress[$0]?.isLoading == true }
        if loading.contains(.bots) {
            // The last run's bots, shown from the cache, were searched; the fresh list may have others.
            parts.append(loads.cachedAt == nil ? "\(bots.count) bots loaded so far"
                         : "the last run's \(bots.count) bots searched, the fresh list still loading")
        }
        let credentialLists = loading.filter { $0 != .bots }.map(\.label)
        if !credentialLists.isEmpty { parts.append(credentialLists.joined(separator: ", ") + " still loading") }
        if let refused = loads.keyRefused {
            parts.append(refused)
        } else if !failed.isEmpty {
            parts.append(failed.map(\.label).joined(separator: ", ") + " failed to load"
                         + settings.keymap.say(.refresh, in: .list) { " \u{2014} press \($0) to retry" })
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// Rows that fit in the list pane, for paging.
    public var listHeight: Int { max(1, ui.screen.height - Layout.chromeRows) }

    /// The credential the filter matched for the bot `id` (the detail pane opens with its cursor
    /// there): nil when the bot's own name or id matches, or no filter is set.
    public func matchedCredentialID(for id: String) -> String? {
        browser.matchedCredentialID(for: id, in: account)
    }

    /// Why a bot matches the filter when it is not its own name or id ("ak_… ci deploy key").
    public func matchNote(for id: String) -> String? {
        browser.matchNote(for: id, in: account)
    }

    /// Whether the bot is shown because its own name or id matches the filter (not one of its credentials).
    public func matchesByNameOrID(_ id: String) -> Bool {
        browser.matchesByNameOrID(id, in: account)
    }

    // MARK: Changing the bots

    public mutating func replaceBots(_ fresh: [BotUser]) {
        browser.nameOfSelectedBeforeRemoval = selectedBot?.name
        account.removeAllBots()
        browser.forgetOrders()
        upsertBots(fresh)
    }

    public mutating func upsertBots(_ fresh: [BotUser]) {
        let versionBefore = account.botsVersion
        let changed = account.upsert(fresh)
        browser.place(changed, botsVersionBefore: versionBefore, in: account.botTable)
    }

    public mutating func removeBot(id: String) {
        let versionBefore = account.botsVersion
        if BotID.same(id, browser.selectedID) { browser.nameOfSelectedBeforeRemoval = selectedBot?.name }
        guard let slot = account.removeBot(id: id) else { return }
        browser.forget(id: id, slot: slot, botsVersionBefore: versionBefore, in: account.botTable)
        changes.pending[id] = nil
    }

    /// Brings the visible list up to date with the account, the filter and the sort (`Browser`).
    /// `reduce` calls it once at its end (and says what became of a selection the user lost); a
    /// reducer that reads the list right after changing the bots calls it first.
    public mutating func refreshVisible() {
        account.countPeoplesCredentials(isLoading: loads.isLoading)
        browser.refreshVisible(account, listHeight: listHeight)
    }

    /// Keeps the selected row inside the visible part of the list.
    public mutating func clampScroll() {
        browser.clampScroll(in: account, listHeight: listHeight)
    }
}
