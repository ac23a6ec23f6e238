import Foundation
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
    /// The bots by id and by slot (`BotTable`); `bots` is its by-id view.
    public private(set) var botTable = BotTable()
    public var credentials = CredentialIndex()
    /// Live agent sessions (issue 13; `State/Sessions.swift`).
    public var sessions = SessionIndex()
    /// How the lists are loading (`Loads`).
    public var loads = Loads()
    /// Every bot in each sort order asked for since the bots last changed; the current one is kept
    /// up to date as pages arrive, so `s` and paging through orders do not sort again.
    private var orders: [SortOrder: SortedBots] = [:]
    /// The filter's recent answers: typing narrows the last one and Backspace returns to an earlier
    /// one, instead of scanning the whole account.
    private var filterAnswers = FilterAnswers()
    /// What `visibleIDs` was last derived from: when none of it changed, there is nothing to redo.
    private var visibleInputs: VisibleInputs?
    /// Where the selected row was last seen in `visibleIDs`, so `selectedIndex` is not a linear search.
    private var selectedIndexHint: Int?
    /// People's credentials (owners that are not bots), counted once per change, not once per frame.
    public private(set) var peopleCredentialCount = 0
    private var peopleCountVersions: [Int]?

    // How it is shown.
    public private(set) var visibleIDs = BotIDList()
    /// The same bots by slot, for the filter to narrow without hashing ids.
    private var visibleSlots: [Int32] = []
    /// Live sessions the filter matched, by the bot whose credential each uses ("session ts_… from 192.0.2.4").
    private var sessionHits: [String: TunnelSession] = [:]
    /// Owners whose complete list of a kind was fetched ahead of the full load, so their count is known.
    public var ownerKindsLoaded: [String: Set<CredentialKind>] = [:]
    /// Every error, warning and throttle of the session, for the event log pane.
    public var events = EventLog()
    /// When the last key arrived and when the dialog on top opened: keys that reach a dialog
    /// within `Reducer.dialogGuard` of its opening were typed before the user could read it.
    public var lastKeyAt: Date?
    public var modalOpenedAt: Date?
    public var selectedID: String?
    /// What `visibleIDs` shows is derived from these two and the account: `refreshVisible()`, run
    /// at the end of every `reduce`, redoes it when any of them changed.
    public var filterText = ""
    public var sort: SortOrder = .name
    public var marked: Set<String> = []
    /// The complete id the filter holds, asked of the server directly.
    public var lookup: IdLookup?
    /// The last description search asked of the server, so Enter on the same text does not ask again.
    public var serverSearch: String?
    public var panes = PaneStack()
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

    // MARK: The parts' most used fields, reached in place (a copy of the credential index per
    // change would copy the whole account).

    public var progress: [LoadTarget: ListProgress] {
        _read { yield loads.progress }
        _modify { yield &loads.progress }
    }
    public var generation: Int {
        _read { yield loads.generation }
        _modify { yield &loads.generation }
    }

    // MARK: Derived

    public var top: Pane { panes.top }
    public var context: KeyContext { top.context }
    public var bots: [String: BotUser] { botTable.byID }
    public var botsVersion: Int { botTable.version }
    public var activeCount: Int { botTable.activeCount }
    public var selectedBot: BotUser? { selectedID.flatMap { bots[$0] } }
    public var selectedIndex: Int? {
        guard let id = selectedID else { return nil }
        if let hint = selectedIndexHint, hint < visibleIDs.count, visibleIDs[hint] == id { return hint }
        guard let slot = botTable.slot(of: id) else { return nil }
        return visibleSlots.firstIndex(of: slot)
    }

    /// Selects the bot at `index` of the visible list.
    public mutating func select(index: Int) {
        selectedID = visibleIDs[index]
        selectedIndexHint = index
    }
    /// The filter as it is matched: trimmed (pasted ids often carry spaces) and lower-cased.
    public var needle: String { filterText.trimmingWhitespace.lowercased() }
    public var isDetailOpen: Bool { panes.isDetailOpen }
    public var isLoading: Bool { loads.isLoading }
    public var credentialsLoading: Bool { loads.credentialsLoading }

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
        botTable.removeAll()
        orders = [:]
        upsertBots(fresh)
    }

    public mutating func upsertBots(_ fresh: [BotUser]) {
        // Merged into the current sort order while it is by name, date or state: a page of 100
        // then costs 100 binary searches and one copy, not a sort of the whole account.
        var merged = orders.removeValue(forKey: sort)
        if sort == .credentials || merged?.botsVersion != botTable.version { merged = nil }
        orders = [:]
        var added: [Int32] = []
        for bot in fresh {
            let slot = credentials.slot(for: bot.id)
            let (changed, previous) = botTable.upsert(bot, slot: slot)
            guard changed, merged != nil else { continue }
            if previous != nil {
                // Changed since it was placed: placed again (a page can even name a bot twice).
                if let at = merged!.slots.firstIndex(of: slot) { merged!.slots.remove(at: at) }
                if added.contains(slot) { continue }
            }
            added.append(slot)
        }
        if var merged {
            merged.slots = sort.merge(added, into: merged.slots, table: botTable)
            merged.botsVersion = botTable.version
            orders[sort] = merged
        }
        refreshVisible()
    }

    /// The credential the filter matched for the bot `id` (the detail pane opens with its cursor
    /// there): nil when the bot's own name or id matches, or no filter is set.
    public func matchedCredentialID(for id: String) -> String? {
        let needle = Needle(Array(self.needle.utf8))
        guard !needle.isEmpty, let slot = botTable.slot(of: id), !botTable.nameOrIDMatches(slot: slot, needle: needle) else { return nil }
        return credentials.firstMatch(owner: id, needle: needle.bytes)?.id ?? sessionHits[id]?.credentialID
    }

    /// Why a bot matches the filter when it is not its own name or id ("ak_… ci deploy key"), made
    /// only for the rows drawn rather than for every match of a keystroke.
    public func matchNote(for id: String) -> String? {
        let needle = Needle(Array(self.needle.utf8))
        guard !needle.isEmpty, let slot = botTable.slot(of: id), !botTable.nameOrIDMatches(slot: slot, needle: needle) else { return nil }
        if let credential = credentials.firstMatch(owner: id, needle: needle.bytes) { return "\(credential.id) \(credential.description)" }
        return sessionHits[id].map { "session \($0.id) from \($0.ip)" }
    }

    /// Every visible bot's match note (for tests and small lists; the screen asks `matchNote(for:)`).
    public var matchNotes: [String: String] {
        Dictionary(uniqueKeysWithValues: visibleIDs.compactMap { id in matchNote(for: id).map { (id, $0) } })
    }

    /// Whether the bot is shown because its own name or id matches the filter (not one of its credentials).
    public func matchesByNameOrID(_ id: String) -> Bool {
        let needle = Needle(Array(self.needle.utf8))
        return needle.isEmpty || botTable.slot(of: id).map { botTable.nameOrIDMatches(slot: $0, needle: needle) } == true
    }

    public mutating func removeBot(id: String) {
        let versionBefore = botTable.version
        guard let slot = botTable.slot(of: id), botTable.remove(id: id) != nil else { return }
        let kept = orders.removeValue(forKey: sort)
        orders = [:]
        if var kept, kept.botsVersion == versionBefore, let at = kept.slots.firstIndex(of: slot) {
            kept.slots.remove(at: at)
            kept.botsVersion = botTable.version
            orders[sort] = kept
        }
        marked.remove(id)
        pending[id] = nil
        credentials.removeAll(ownedBy: id)
        refreshVisible()
    }

    /// Derives the visible list from the bots, their credentials and sessions, the filter and the
    /// sort, when any of them changed since the last time (otherwise it costs a comparison), and
    /// keeps the selection on the same bot id. When that bot is gone, selects the row now at its
    /// place and says so.
    public mutating func refreshVisible() {
        let needle = Array(self.needle.utf8)
        let inputs = VisibleInputs(needle: needle, sort: sort, botsVersion: botTable.version,
                                   credentialsVersion: needle.isEmpty && sort != .credentials ? nil : credentials.version,
                                   sessionsVersion: needle.isEmpty ? nil : sessions.version)
        countPeoplesCredentials()
        if inputs == visibleInputs { return }
        visibleInputs = inputs
        let previousIndex = selectedIndex ?? 0
        let ordered = sortedSlots()
        if needle.isEmpty {
            visibleSlots = ordered
            sessionHits = [:]
        } else {
            filter(ordered, needle: Needle(needle))
        }
        visibleIDs = BotIDList(slots: visibleSlots, ids: credentials.ownerIDs)
        let selectedSlot = selectedID.flatMap { botTable.slot(of: $0) }
        let index = selectedSlot.flatMap { visibleSlots.firstIndex(of: $0) }
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

    /// The bots whose name or id, one of whose credentials, or one of whose live sessions contains
    /// the needle, in `ordered`'s order. Only the bots of the smallest earlier answer whose needle
    /// is part of this one are asked: nothing else can match.
    private mutating func filter(_ ordered: [Int32], needle: Needle) {
        // A session id or an agent's address shows the bot whose credential the session uses.
        sessionHits = sessions.matches(needle: self.needle, ownerOf: credentials.ownerOf)
        let basis = FilterAnswers.Basis(sort: sort, botsVersion: botTable.version, credentialsVersion: credentials.version,
                                        sessionsVersion: sessions.version)
        if filterAnswers.basis != basis { filterAnswers = FilterAnswers(basis: basis) }
        if let known = filterAnswers.answer(for: needle.bytes) {
            visibleSlots = known
            return
        }
        var slots: [Int32] = []
        for slot in filterAnswers.candidates(for: needle.bytes) ?? ordered {
            if botTable.nameOrIDMatches(slot: slot, needle: needle) || credentials.anyMatches(slot: slot, needle: needle)
                || (!sessionHits.isEmpty && sessionHits[credentials.owner(ofSlot: slot)] != nil) {
                slots.append(slot)
            }
        }
        visibleSlots = slots
        filterAnswers.remember(needle.bytes, slots)
    }

    /// Every bot in the current sort order, sorted again only when the bots (or, sorted by count,
    /// the credentials) changed in a way that was not merged in place.
    private mutating func sortedSlots() -> [Int32] {
        if let order = orders[sort], order.botsVersion == botTable.version,
           sort != .credentials || order.credentialsVersion == credentials.version {
            return order.slots
        }
        let credentials = self.credentials
        orders = orders.filter { $0.value.botsVersion == botTable.version }
        let nameOrder = orders[.name]?.slots ?? SortOrder.nameOrder(of: botTable)
        orders[.name] = SortedBots(sort: .name, botsVersion: botTable.version, credentialsVersion: credentials.version, slots: nameOrder)
        let slots = sort.arrange(nameOrder: nameOrder, table: botTable) { credentials.credentials(of: $0).count }
        orders[sort] = SortedBots(sort: sort, botsVersion: botTable.version, credentialsVersion: credentials.version, slots: slots)
        return slots
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

/// Every bot's slot in one sort order, and the data it was computed from.
struct SortedBots: Sendable, Equatable {
    var sort: SortOrder
    var botsVersion: Int
    var credentialsVersion: Int
    var slots: [Int32]
}

/// The filter's recent answers (a bot's slots per needle) for one state of the account and one sort.
struct FilterAnswers: Sendable, Equatable {
    struct Basis: Sendable, Equatable {
        var sort: SortOrder
        var botsVersion: Int
        var credentialsVersion: Int
        var sessionsVersion: Int
    }

    var basis: Basis?
    private var answers: [(needle: [UInt8], slots: [Int32])] = []
    /// Enough for a typed id and the Backspaces after it; each is at most one slot list.
    private static let kept = 40

    init(basis: Basis? = nil) { self.basis = basis }

    func answer(for needle: [UInt8]) -> [Int32]? {
        answers.last { $0.needle == needle }?.slots
    }

    /// The fewest bots that can match `needle`: an earlier answer for a part of it.
    func candidates(for needle: [UInt8]) -> [Int32]? {
        answers.filter { ByteSearch.firstOffset(of: $0.needle, in: needle) != nil }.min { $0.slots.count < $1.slots.count }?.slots
    }

    mutating func remember(_ needle: [UInt8], _ slots: [Int32]) {
        answers.append((needle, slots))
        if answers.count > Self.kept { answers.removeFirst() }
    }

    static func == (a: FilterAnswers, b: FilterAnswers) -> Bool {
        a.basis == b.basis && a.answers.elementsEqual(b.answers) { $0.needle == $1.needle && $0.slots == $1.slots }
    }
}

/// What the visible list depends on; a version is nil where that input cannot change it (the
/// credentials, when there is no filter and the order is not by count).
struct VisibleInputs: Sendable, Equatable {
    var needle: [UInt8]
    var sort: SortOrder
    var botsVersion: Int
    var credentialsVersion: Int?
    var sessionsVersion: Int?
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
