#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NgrokAPI

/// Everything the screen shows and every decision the keys need. A value: the reducer changes it,
/// rendering reads it, nothing else touches it.
public struct AppState: Sendable, Equatable {
    // Where we are connected and how we may act.
    public var apiHost: String
    public var resource: BotResource?
    public var readOnly: Bool
    public var isDemo: Bool
    public var display: DisplayOptions

    // What the server told us.
    public private(set) var bots: [String: BotUser] = [:]
    public var credentials = CredentialIndex()
    /// Live agent sessions (issue 13; `State/Sessions.swift`).
    public var sessions = SessionIndex()
    public var progress: [LoadTarget: ListProgress] = [:]
    /// Bumped by every refresh, so pages of an older load are recognised and dropped.
    public var generation = 0
    public var lastError: String?
    /// When the last complete load finished.
    public var loadedAt: Date?
    /// A load failed since the last complete one: what is shown may be out of date (dimmed, with its age).
    public var isStale = false
    /// Folded name and id per bot (a newline apart, so no match spans both), so a filter keystroke
    /// does not fold case 10,000 times.
    private var botSearchKeys: [String: [UInt8]] = [:]
    /// Bumped by every change to `bots`, so derived lists know when to redo.
    public private(set) var botsVersion = 0
    public private(set) var activeCount = 0
    /// Every bot in the current sort order, kept up to date as pages arrive.
    private var order: SortedBots?
    /// The filter's last answer: a keystroke that extends the needle narrows it instead of scanning all.
    private var filterMemo: FilterMemo?
    /// Where the selected row was last seen in `visibleIDs`, so `selectedIndex` is not a linear search.
    private var selectedIndexHint: Int?
    /// People's credentials (owners that are not bots), counted once per change, not once per frame.
    public private(set) var peopleCredentialCount = 0
    private var peopleCountVersions: [Int]?
    /// Ids each list of the current load has delivered; at its end, anything else is gone.
    var seen: [LoadTarget: Set<String>] = [:]

    // How it is shown.
    public private(set) var visibleIDs: [String] = []
    /// Why a bot matches the filter through a live session ("session ts_… from 192.0.2.4").
    private var sessionNotes: [String: String] = [:]
    /// The credential the filter matched, per bot: the detail pane opens with its cursor there.
    public private(set) var matchedCredential: [String: String] = [:]
    /// Owners whose complete list of a kind was fetched ahead of the full load, so their count is known.
    public var ownerKindsLoaded: [String: Set<CredentialKind>] = [:]
    /// Every error, warning and throttle of the session, for the event log pane.
    public var events = EventLog()
    /// When the last key arrived and when the dialog on top opened: keys that reach a dialog
    /// within `Reducer.dialogGuard` of its opening were typed before the user could read it.
    public var lastKeyAt: Date?
    public var modalOpenedAt: Date?
    public var selectedID: String?
    public var filterText = "" {
        didSet { if filterText != oldValue { recomputeVisible() } }
    }
    public var sort: SortOrder = .name {
        didSet { if sort != oldValue { recomputeVisible() } }
    }
    public var marked: Set<String> = []
    /// The complete id the filter holds, asked of the server directly.
    public var lookup: IdLookup?
    /// How many bots the account had when last listed (from the warm cache), for "searching N of M".
    public var expectedBotCount: Int?
    /// Set while the bots on screen are the last run's (the warm cache), saved then.
    public var cachedAt: Date?
    /// The last description search asked of the server, so Enter on the same text does not ask again.
    public var serverSearch: String?
    /// How many times the API answered 429 in this run (the client stays inside the window, so
    /// this should stay 0; another program using the same account can spend it).
    public var throttleCount = 0
    public var panes: [Pane] = [.list]
    /// Set by the quit command; the interactive loop ends when it sees it.
    public var quitRequested = false
    public var flash: Flash?
    /// Bots with a request in flight, and what it is (shown on their row).
    public var pending: [String: String] = [:]
    public var bulk: BulkProgress?
    public var screen = Size(width: 80, height: 24)
    public var listScroll = 0
    public var detailCursor = 0
    /// The live session under the detail cursor, below the credential at `detailCursor`; nil on the credential.
    public var detailSessionID: String?
    public var now: Date
    public var keymap: Keymap

    public init(apiHost: String, readOnly: Bool = false, isDemo: Bool = false, display: DisplayOptions = DisplayOptions(),
                keymap: Keymap = .defaults, now: Date = Date()) {
        self.apiHost = apiHost
        self.readOnly = readOnly
        self.isDemo = isDemo
        self.display = display
        self.keymap = keymap
        self.now = now
    }

    // MARK: Derived

    public var top: Pane { panes.last ?? .list }
    public var context: KeyContext { top.context }
    public var selectedBot: BotUser? { selectedID.flatMap { bots[$0] } }
    public var selectedIndex: Int? {
        guard let id = selectedID else { return nil }
        if let hint = selectedIndexHint, hint < visibleIDs.count, visibleIDs[hint] == id { return hint }
        return visibleIDs.firstIndex(of: id)
    }

    /// Selects the bot at `index` of the visible list.
    public mutating func select(index: Int) {
        selectedID = visibleIDs[index]
        selectedIndexHint = index
    }
    /// The filter as it is matched: trimmed (pasted ids often carry spaces) and lower-cased.
    public var needle: String { filterText.trimmingWhitespace.lowercased() }
    public var isDetailOpen: Bool { panes.contains(.detail) }
    public var isLoading: Bool { progress.values.contains { $0.isLoading } }
    public var credentialsLoading: Bool { CredentialKind.allCases.contains { progress[.credentials($0)]?.isLoading == true } }

    /// Marked bots that the filter hides (still acted on by bulk actions).
    public var hiddenMarkedCount: Int {
        let visible = Set(visibleIDs)
        return marked.reduce(0) { $0 + (visible.contains($1) ? 0 : 1) }
    }

    /// The selected bot's credentials in display order: API keys, authtokens, SSH keys; newest first.
    public var selectedCredentials: [Credential] {
        guard let id = selectedID else { return [] }
        let newest = credentials.newestFirst(of: id)
        return CredentialKind.allCases.flatMap { kind in newest.filter { $0.kind == kind } }
    }

    /// The credential under the detail pane's cursor, with its bot (the command table has made sure
    /// there is one before a command that needs it runs).
    public var credentialUnderCursor: (credential: Credential, bot: BotUser)? {
        guard let bot = selectedBot else { return nil }
        let credentials = selectedCredentials
        return detailCursor < credentials.count ? (credentials[detailCursor], bot) : nil
    }

    /// How many credentials of `kind` the bot owns, or nil while that is not known (its list is
    /// still loading or failed, and the bot's own list was not fetched).
    public func knownCount(of owner: String, _ kind: CredentialKind) -> Int? {
        if progress[.credentials(kind)]?.phase == .done || ownerKindsLoaded[owner]?.contains(kind) == true {
            return credentials.counts(of: owner)[kind]
        }
        return nil
    }

    /// When the filter is exactly the id of a credential owned by a person (`usr_…`), not a bot.
    public var personOwnedMatch: (credential: String, owner: String)? {
        let id = filterText.trimmingWhitespace
        guard let owner = credentials.ownerOf[id], !owner.isEmpty, bots[owner] == nil else { return nil }
        return (id, owner)
    }

    /// What to say when the filter is a person's credential id: there is no bot to act on.
    public var personOwnedNote: String? {
        personOwnedMatch.map { "\($0.credential) is owned by a person (\($0.owner)), not a bot: there is no bot to deactivate" }
    }

    /// Why "no match" may not be the whole truth: lists still loading or that failed to load.
    public var searchCaveat: String? {
        var parts: [String] = []
        let failed = LoadTarget.allCases.filter { if case .failed = progress[$0]?.phase { true } else { false } }
        let loading = LoadTarget.allCases.filter { progress[$0]?.isLoading == true }
        if loading.contains(.bots) { parts.append("\(bots.count) bots loaded so far") }
        let credentialLists = loading.filter { $0 != .bots }.map(\.label)
        if !credentialLists.isEmpty { parts.append(credentialLists.joined(separator: ", ") + " still loading") }
        if !failed.isEmpty {
            let refresh = keymap.keys(for: .refresh, in: .list).first?.display ?? "r"
            parts.append(failed.map(\.label).joined(separator: ", ") + " failed to load \u{2014} press \(refresh) to retry")
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// Rows that fit in the list pane, for paging.
    public var listHeight: Int { max(1, screen.height - Layout.chromeRows) }

    // MARK: Changing the bots

    public mutating func replaceBots(_ fresh: [BotUser]) {
        bots = [:]
        botSearchKeys = [:]
        activeCount = 0
        order = nil
        upsertBots(fresh)
    }

    public mutating func upsertBots(_ fresh: [BotUser]) {
        let credentials = self.credentials
        let count = { (id: String) in credentials.credentials(of: id).count }
        // Merged into the sorted list in place while it is for the current sort and by-name, -date
        // or -state: a page of 100 then costs 100 insertions, not a sort of the whole account.
        var merged: SortedBots?
        if let current = order, current.sort == sort, sort != .credentials, current.botsVersion == botsVersion {
            // Taken out of `order`, so inserting into it does not copy ten thousand ids per bot.
            merged = current
            order = nil
        }
        for bot in fresh {
            let previous = bots[bot.id]
            if previous == bot { continue }
            activeCount += (bot.active ? 1 : 0) - (previous.map { $0.active ? 1 : 0 } ?? 0)
            if previous?.name != bot.name { botSearchKeys[bot.id] = ByteSearch.folded(bot.name + "\n" + bot.id) }
            if previous != nil, let at = merged?.ids.firstIndex(of: bot.id) { merged?.ids.remove(at: at) }
            bots[bot.id] = bot
            if merged != nil {
                let at = sort.insertionIndex(of: bot, in: merged!.ids, bots: bots, credentialCount: count)
                merged!.ids.insert(bot.id, at: at)
            }
        }
        botsVersion += 1
        if var merged {
            merged.botsVersion = botsVersion
            order = merged
        }
        recomputeVisible()
    }

    /// Why a bot matches the filter when it is not its own name or id ("ak_… ci deploy key"), made
    /// only for the rows drawn rather than for every match of a keystroke.
    public func matchNote(for id: String) -> String? {
        if let note = sessionNotes[id] { return note }
        guard let credentialID = matchedCredential[id],
              let credential = credentials.credentials(of: id).first(where: { $0.id == credentialID }) else { return nil }
        return "\(credential.id) \(credential.description)"
    }

    /// Every bot's match note (for tests and small lists; the screen asks `matchNote(for:)`).
    public var matchNotes: [String: String] {
        Dictionary(uniqueKeysWithValues: matchedCredential.keys.compactMap { id in matchNote(for: id).map { (id, $0) } })
    }

    /// Whether the bot is shown because its own name or id matches the filter (not one of its credentials).
    public func matchesByNameOrID(_ id: String) -> Bool {
        needle.isEmpty || botSearchKeys[id].map { ByteSearch.contains($0, Array(needle.utf8)) } == true
    }

    public mutating func removeBot(id: String) {
        guard let gone = bots.removeValue(forKey: id) else { return }
        activeCount -= gone.active ? 1 : 0
        botsVersion += 1
        if var kept = order, let at = kept.ids.firstIndex(of: id) {
            kept.ids.remove(at: at)
            kept.botsVersion = botsVersion
            order = kept
        }
        botSearchKeys[id] = nil
        marked.remove(id)
        pending[id] = nil
        credentials.removeAll(ownedBy: id)
        recomputeVisible()
    }

    /// Recomputes filter and sort and keeps the selection on the same bot id. When that bot is
    /// gone, selects the row now at its place and says so.
    public mutating func recomputeVisible() {
        let previousIndex = selectedIndex ?? 0
        let ordered = sortedIDs()
        let needle = Array(self.needle.utf8)
        if needle.isEmpty {
            visibleIDs = ordered
            sessionNotes = [:]
            matchedCredential = [:]
            filterMemo = nil
        } else {
            filter(ordered, needle: needle)
        }
        countPeoplesCredentials()
        let index = selectedID.flatMap { id in bots[id] == nil ? nil : visibleIDs.firstIndex(of: id) }
        if let id = selectedID, index == nil {
            if bots[id] == nil {
                flash = Flash("The selected bot is gone; selection moved to the nearest row", .warning)
            }
            if visibleIDs.isEmpty {
                selectedID = nil
            } else {
                select(index: min(previousIndex, visibleIDs.count - 1))
            }
            detailCursor = 0
        } else if selectedID == nil {
            if !visibleIDs.isEmpty { select(index: 0) }
        } else {
            selectedIndexHint = index
        }
        clampScroll()
    }

    /// The bots whose name or id, or one of whose credentials, contains the needle, in `ordered`'s
    /// order. A needle that extends the last one narrows the last answer when nothing changed since.
    private mutating func filter(_ ordered: [String], needle: [UInt8]) {
        // A session id or an agent's address shows the bot whose credential the session uses.
        let sessionHits = sessions.matches(needle: self.needle, ownerOf: credentials.ownerOf)
        var candidates = ordered
        if sessionHits.isEmpty, let memo = filterMemo, memo.sort == sort, memo.botsVersion == botsVersion,
           memo.credentialsVersion == credentials.version, ByteSearch.hasPrefix(needle, memo.needle) {
            candidates = memo.ids
        }
        var ids: [String] = []
        var notes: [String: String] = [:]
        var matched: [String: String] = [:]
        for id in candidates {
            if let key = botSearchKeys[id], ByteSearch.contains(key, needle) {
                ids.append(id)
            } else if let hit = credentials.firstMatch(owner: id, needle: needle) {
                ids.append(id)
                matched[id] = hit.id
            } else if let hit = sessionHits[id] {
                ids.append(id)
                notes[id] = "session \(hit.id) from \(hit.ip)"
                matched[id] = hit.credentialID
            }
        }
        visibleIDs = ids
        sessionNotes = notes
        matchedCredential = matched
        filterMemo = FilterMemo(needle: needle, sort: sort, botsVersion: botsVersion, credentialsVersion: credentials.version, ids: ids)
    }

    /// Every bot in the current sort order, sorted again only when the bots (or, sorted by count,
    /// the credentials) changed in a way that was not merged in place.
    private mutating func sortedIDs() -> [String] {
        if let order, order.sort == sort, order.botsVersion == botsVersion,
           sort != .credentials || order.credentialsVersion == credentials.version {
            return order.ids
        }
        let credentials = self.credentials
        let ids = sort.arrange(Array(bots.values)) { credentials.credentials(of: $0).count }
        order = SortedBots(sort: sort, botsVersion: botsVersion, credentialsVersion: credentials.version, ids: ids)
        return ids
    }

    private mutating func countPeoplesCredentials() {
        // Shown only once everything has loaded; counting per page would walk every owner 600 times.
        guard !isLoading else { return }
        let versions = [botsVersion, credentials.version]
        if peopleCountVersions == versions { return }
        let bots = self.bots
        peopleCredentialCount = credentials.countOwned { bots[$0] != nil }
        peopleCountVersions = versions
    }

    /// Keeps the selected row inside the visible part of the list.
    public mutating func clampScroll() {
        let height = listHeight
        guard let index = selectedIndex else {
            listScroll = 0
            return
        }
        if index < listScroll { listScroll = index }
        if index >= listScroll + height { listScroll = index - height + 1 }
        listScroll = max(0, min(listScroll, max(0, visibleIDs.count - height)))
    }
}

/// Every bot's id in one sort order, and the data it was computed from.
struct SortedBots: Sendable, Equatable {
    var sort: SortOrder
    var botsVersion: Int
    var credentialsVersion: Int
    var ids: [String]
}

/// The filter's last answer and what it was computed from.
struct FilterMemo: Sendable, Equatable {
    var needle: [UInt8]
    var sort: SortOrder
    var botsVersion: Int
    var credentialsVersion: Int
    var ids: [String]
}

/// Width and height in terminal cells.
public struct Size: Sendable, Equatable, Hashable {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
}

/// How to draw: colour or not, Unicode or plain ASCII.
public struct DisplayOptions: Sendable, Equatable {
    public var color: Bool
    public var ascii: Bool
    /// The terminal cannot show anything but ASCII (its locale is not UTF-8): every other
    /// character is drawn as `?`, one per column it would take, so columns stay aligned.
    public var asciiText: Bool

    public init(color: Bool = true, ascii: Bool = false, asciiText: Bool = false) {
        self.color = color
        self.ascii = ascii || asciiText
        self.asciiText = asciiText
    }
}

/// A bulk activate or deactivate in progress: how far, and what failed, per bot.
public struct BulkProgress: Sendable, Equatable {
    public var active: Bool
    public var total: Int
    public var done = 0
    public var failures: [String] = []

    public var finished: Bool { done >= total }
}
