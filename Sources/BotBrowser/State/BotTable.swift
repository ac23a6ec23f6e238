import NgrokAPI

/// The account's bots, by id and by slot (the owner number `CredentialIndex` gives, shared with
/// their credentials), with what the filter and the sort orders need computed once per bot rather
/// than once per keystroke.
public struct BotTable: Sendable, Equatable {
    public private(set) var byID: [String: BotUser] = [:]
    /// Per slot: the bot, or nil where the owner is a person or the bot is gone.
    private(set) var atSlot: [BotUser?] = []
    /// Per slot: the folded name and id (a newline apart, so no match spans both).
    private(set) var searchKeys: [SearchBlob] = []
    /// Per slot: the name lower-cased, as the sort orders compare it.
    private(set) var sortNames: [String] = []
    private var slotOf: [String: Int32] = [:]
    /// Bumped by every change, so derived lists know when to redo.
    public private(set) var version = 0
    public private(set) var activeCount = 0

    public init() {}

    public var count: Int { byID.count }
    public var isEmpty: Bool { byID.isEmpty }
    public subscript(id: String) -> BotUser? { byID[id] }
    func slot(of id: String) -> Int32? { slotOf[id] }
    func bot(atSlot slot: Int32) -> BotUser? { atSlot[Int(slot)] }
    /// Every slot that has held a bot (some may be empty now).
    var slots: Range<Int32> { 0..<Int32(atSlot.count) }

    /// Adds or replaces a bot in `slot`. Returns the bot it replaced, or nil when nothing changed.
    mutating func upsert(_ bot: BotUser, slot: Int32) -> (changed: Bool, previous: BotUser?) {
        // The URI is derivable from the id and never shown: ten thousand strings not kept.
        var bot = bot
        bot.uri = ""
        let previous = byID[bot.id]
        if previous == bot { return (false, previous) }
        let index = Int(slot)
        while atSlot.count <= index {
            atSlot.append(nil)
            searchKeys.append(SearchBlob())
            sortNames.append("")
        }
        activeCount += (bot.active ? 1 : 0) - (previous.map { $0.active ? 1 : 0 } ?? 0)
        if previous?.name != bot.name || searchKeys[index].bytes.isEmpty {
            searchKeys[index] = SearchBlob(ByteSearch.folded([bot.name, bot.id]))
            sortNames[index] = bot.name.lowercased()
        }
        byID[bot.id] = bot
        atSlot[index] = bot
        slotOf[bot.id] = slot
        version += 1
        return (true, previous)
    }

    mutating func remove(id: String) -> BotUser? {
        guard let gone = byID.removeValue(forKey: id), let slot = slotOf.removeValue(forKey: id) else { return nil }
        atSlot[Int(slot)] = nil
        searchKeys[Int(slot)] = SearchBlob()
        activeCount -= gone.active ? 1 : 0
        version += 1
        return gone
    }

    mutating func removeAll() {
        for id in Array(byID.keys) { _ = remove(id: id) }
    }

    /// Whether the bot in `slot` has `needle` (folded) in its name or id.
    func nameOrIDMatches(slot: Int32, needle: Needle) -> Bool {
        searchKeys[Int(slot)].contains(needle)
    }
}
