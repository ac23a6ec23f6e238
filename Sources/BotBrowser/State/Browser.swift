import NgrokAPI

/// How the user is looking at the account: the filter, the sort, the selection, the marks, and
/// the visible list derived from them and the account (with the caches that make that cheap).
public struct Browser: Sendable, Equatable {
    public var selectedID: String?
    /// What `visibleIDs` shows is derived from these two and the account: `refreshVisible`, run
    /// at the end of every `reduce`, redoes it when any of them changed.
    public var filterText = ""
    public var sort: SortOrder = .name
    public var marked: Set<String> = []
    /// The complete id the filter holds, asked of the server directly.
    public var lookup: IdLookup?
    /// The token pasted into the filter, of which only its KSUID is kept (the filter then holds
    /// the KSUID): the secret is dropped the moment it is recognised (`Reducer.dropTokenSecret`).
    public var pastedToken: LeakedToken?
    /// The last description search asked of the server, so Enter on the same text does not ask again.
    public var serverSearch: String?
    public var listScroll = 0
    public var detailCursor = 0
    /// The live session under the detail cursor, below the credential at `detailCursor`; nil on the credential.
    public var detailSessionID: String?

    public private(set) var visibleIDs = BotIDList()
    /// The same bots by slot, for the filter to narrow without hashing ids.
    private var visibleSlots: [Int32] = []
    /// Where the selected row was last seen in `visibleIDs`, so `selectedIndex` is not a linear search.
    private var selectedIndexHint: Int?
    /// Every bot in each sort order asked for since the bots last changed; the current one is kept
    /// up to date as pages arrive, so `s` and paging through orders do not sort again.
    private var orders: [SortOrder: SortedBots] = [:]
    /// The filter's recent answers: typing narrows the last one and Backspace returns to an earlier
    /// one, instead of scanning the whole account.
    private var filterAnswers = FilterAnswers()
    /// What `visibleIDs` was last derived from: when none of it changed, there is nothing to redo.
    private var visibleInputs: VisibleInputs?
    /// The selected bot left the list without the user asking (`SelectionLoss`), since `reduce`
    /// last said so; `reduce` says it once, at its end.
    public var selectionLoss: SelectionLoss?

    /// The selected bot's name, noted as bots are removed from the account (`AppState.removeBot`,
    /// `replaceBots`): a bot that left is named by it, the account no longer knowing it.
    var nameOfSelectedBeforeRemoval: String?

    /// Why the selected bot left the visible list while the user did nothing to it.
    public enum SelectionLoss: Sendable, Equatable {
        /// It left the account: deleted elsewhere, found gone by a reload.
        case leftTheAccount(name: String?)
        /// The filter, unchanged, no longer matches it: its name, credentials or sessions changed
        /// (a bot deleted elsewhere loses its credentials before the bot list says it is gone).
        case noLongerMatches(name: String)
    }

    public init() {}

    /// The filter as it is matched: trimmed (pasted ids often carry spaces) and lower-cased.
    public var needle: String { filterText.trimmed.lowercased() }

    /// The needle, with a complete bot id in the other spelling (`bot_X` for `service_X`, `BotID`)
    /// written as the account's bot spells it, so it finds that bot.
    func needle(in account: Account) -> String {
        let typed = filterText.trimmed
        guard BotID(typed) != nil, let bot = account.bots[typed] else { return needle }
        return bot.id.lowercased()
    }

    func selectedIndex(in account: Account) -> Int? {
        guard let id = selectedID else { return nil }
        if let hint = selectedIndexHint, hint < visibleIDs.count, visibleIDs[hint] == id { return hint }
        return account.slot(ofBot: id).flatMap(position)
    }

    /// Selects the bot at `index` of the visible list.
    mutating func select(index: Int) {
        selectedID = visibleIDs[index]
        selectedIndexHint = index
    }

    // MARK: The bots changed

    /// Places bots the account just added or changed (`Account.upsert`) in the current sort order
    /// while it is by name, date or state: a page of 100 then costs 100 binary searches and one
    /// copy, not a sort of the whole account. Every other order is dropped.
    mutating func place(_ changed: [(slot: Int32, replaced: Bool)], botsVersionBefore: Int, in table: BotTable) {
        var merged = orders.removeValue(forKey: sort)
        if sort == .credentials || merged?.botsVersion != botsVersionBefore { merged = nil }
        orders = [:]
        guard var merged else { return }
        var added: [Int32] = []
        for (slot, replaced) in changed {
            if replaced {
                // Changed since it was placed: placed again (a page can even name a bot twice).
                if let at = merged.slots.firstIndex(of: slot) { merged.slots.remove(at: at) }
                if added.contains(slot) { continue }
            }
            added.append(slot)
        }
        merged.slots = sort.merge(added, into: merged.slots, table: table)
        merged.botsVersion = table.version
        orders[sort] = merged
    }

    /// Forgets a removed bot: its mark, and its place in the current order (kept when it was up to date).
    mutating func forget(id: String, slot: Int32, botsVersionBefore: Int, in table: BotTable) {
        let kept = orders.removeValue(forKey: sort)
        orders = [:]
        if var kept, kept.botsVersion == botsVersionBefore, let at = kept.slots.firstIndex(of: slot) {
            kept.slots.remove(at: at)
            kept.botsVersion = table.version
            orders[sort] = kept
        }
        marked.remove(id)
    }

    mutating func forgetOrders() {
        orders = [:]
    }

    // MARK: The visible list

    /// Derives the visible list from the account's bots, their credentials and sessions, the
    /// filter and the sort, when any of them changed since the last time (otherwise it costs a
    /// comparison), and keeps the selection on the same bot id. When that bot left the account,
    /// selects the row now at its place; when the filter hides it, the first match (the bot a
    /// `/ name Enter D` means). When that happened without the user editing the filter, says why
    /// in `selectionLoss`.
    mutating func refreshVisible(_ account: Account, listHeight: Int) {
        let needle = Array(self.needle(in: account).utf8)
        let inputs = VisibleInputs(needle: needle, sort: sort, botsVersion: account.botsVersion,
                                   credentialsVersion: needle.isEmpty && sort != .credentials ? nil : account.credentialsVersion,
                                   sessionsVersion: needle.isEmpty ? nil : account.sessions.version)
        if inputs == visibleInputs { return }
        let filterEdited = visibleInputs?.needle != inputs.needle
        visibleInputs = inputs
        let previousIndex = selectedIndex(in: account) ?? 0
        let ordered = sortedSlots(account)
        if needle.isEmpty {
            visibleSlots = ordered
        } else {
            filter(ordered, needle: Needle(needle), account)
        }
        visibleIDs = BotIDList(slots: visibleSlots, ids: account.ownerIDs)
        let selectedSlot = selectedID.flatMap { account.slot(ofBot: $0) }
        let index = selectedSlot.flatMap { position(of: $0) }
        if let id = selectedID, index == nil {
            let selectedBotGone = account.bots[id] == nil
            if selectedBotGone {
                selectionLoss = .leftTheAccount(name: nameOfSelectedBeforeRemoval)
            } else if !filterEdited, let bot = account.bots[id] {
                selectionLoss = .noLongerMatches(name: bot.name)
            }
            if visibleIDs.isEmpty {
                selectedID = nil
            } else {
                select(index: selectedBotGone ? min(previousIndex, visibleIDs.count - 1) : 0)
            }
            detailCursor = 0
        } else if selectedID == nil {
            if !visibleIDs.isEmpty { select(index: 0) }
        } else {
            selectedIndexHint = index
        }
        clampScroll(in: account, listHeight: listHeight)
    }

    /// The bots whose name or id, one of whose credentials, or one of whose live sessions contains
    /// the needle, in `ordered`'s order. Only the bots of the smallest earlier answer whose needle
    /// is part of this one are asked: nothing else can match.
    private mutating func filter(_ ordered: [Int32], needle: Needle, _ account: Account) {
        let basis = FilterAnswers.Basis(sort: sort, botsVersion: account.botsVersion, credentialsVersion: account.credentialsVersion,
                                        sessionsVersion: account.sessions.version)
        if filterAnswers.basis != basis { filterAnswers = FilterAnswers(basis: basis) }
        if let known = filterAnswers.answer(for: needle.bytes) {
            visibleSlots = known
            return
        }
        // An address is matched in its usual spelling, which its parts do not share: the answers
        // for parts of it say nothing about it.
        let isAddress = IPAddressText.isAddress(self.needle)
        // A session id or an agent's address shows the bot whose credential the session uses.
        let slots = account.matching(needle, among: (isAddress ? nil : filterAnswers.candidates(for: needle.bytes)) ?? ordered)
        visibleSlots = slots
        filterAnswers.remember(needle.bytes, slots)
    }

    /// Every bot in the current sort order, sorted again only when the bots (or, sorted by count,
    /// the credentials) changed in a way that was not merged in place.
    private mutating func sortedSlots(_ account: Account) -> [Int32] {
        let table = account.botTable
        if let order = orders[sort], order.botsVersion == table.version,
           sort != .credentials || order.credentialsVersion == account.credentialsVersion {
            return order.slots
        }
        orders = orders.filter { $0.value.botsVersion == table.version }
        let nameOrder = orders[.name]?.slots ?? SortOrder.nameOrder(of: table)
        orders[.name] = SortedBots(sort: .name, botsVersion: table.version, credentialsVersion: account.credentialsVersion, slots: nameOrder)
        let slots = sort.arrange(nameOrder: nameOrder, table: table) { account.credentialCount(of: $0) }
        orders[sort] = SortedBots(sort: sort, botsVersion: table.version, credentialsVersion: account.credentialsVersion, slots: slots)
        return slots
    }

    /// Where the bot in `slot` is in the visible list: a scan of up to every bot. Kept out of line
    /// on purpose: inlined into `refreshVisible`, the loop happened to straddle a 32-byte boundary
    /// and a sort step took twice as long (the scan is most of it).
    @inline(never) private func position(of slot: Int32) -> Int? { visibleSlots.firstIndex(of: slot) }

    /// Keeps the selected row inside the visible part of the list.
    mutating func clampScroll(in account: Account, listHeight height: Int) {
        guard let index = selectedIndex(in: account) else {
            listScroll = 0
            return
        }
        if index < listScroll { listScroll = index }
        if index >= listScroll + height { listScroll = index - height + 1 }
        listScroll = max(0, min(listScroll, max(0, visibleIDs.count - height)))
    }

    // MARK: Why a bot matches

    /// The credential the filter matched for the bot `id` (the detail pane opens with its cursor
    /// there): nil when the bot's own name or id matches, or no filter is set.
    func matchedCredentialID(for id: String, in account: Account) -> String? {
        switch otherMatch(for: id, in: account) {
        case .credential(let credential): credential.id
        case .session(let session): session.credentialID
        case nil: nil
        }
    }

    /// Why a bot matches the filter when it is not its own name or id ("ak_… ci deploy key"), made
    /// only for the rows drawn rather than for every match of a keystroke.
    func matchNote(for id: String, in account: Account) -> String? {
        switch otherMatch(for: id, in: account) {
        case .credential(let credential): "\(credential.id) \(credential.description)"
        case .session(let session): "session \(session.id) from \(session.ip)"
        case nil: nil
        }
    }

    /// What of the bot's matches the filter when its own name and id do not: a credential first,
    /// else a live session (the filter's order).
    private enum OtherMatch {
        case credential(Credential)
        case session(TunnelSession)
    }

    private func otherMatch(for id: String, in account: Account) -> OtherMatch? {
        let needle = Needle(Array(self.needle.utf8))
        guard !needle.isEmpty, let slot = account.slot(ofBot: id), !account.botTable.nameOrIDMatches(slot: slot, needle: needle) else { return nil }
        if let credential = account.firstMatchingCredential(of: id, needle: needle.bytes) { return .credential(credential) }
        return account.firstMatchingSession(of: id, needle: self.needle).map(OtherMatch.session)
    }

    /// Whether the bot is shown because its own name or id matches the filter (not one of its credentials).
    func matchesByNameOrID(_ id: String, in account: Account) -> Bool {
        let needle = Needle(Array(self.needle.utf8))
        return needle.isEmpty || account.slot(ofBot: id).map { account.botTable.nameOrIDMatches(slot: $0, needle: needle) } == true
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
