import Essentials
import NgrokAPI

/// The account's bots by slot (the owner number `Account` gives, shared with their
/// credentials), with what the filter and the sort orders need computed once per bot rather than
/// once per keystroke. Each bot is held once: a by-id dictionary beside the slots was a second
/// copy of ten thousand of them.
struct BotTable: Sendable, Equatable {
    /// A bot as the table keeps it: the URI is derivable from the id and never shown.
    private struct Record: Sendable, Equatable {
        var id: String
        var name: String
        var createdAt: Date
        var active: Bool

        init(_ bot: BotUser) {
            (id, name, createdAt, active) = (bot.id, bot.name, bot.createdAt, bot.active)
        }

        var bot: BotUser { BotUser(id: id, name: name, active: active, createdAt: createdAt) }
    }

    /// Per slot: the bot, or nil where the owner is a person or the bot is gone.
    private var atSlot = ChunkedArray<Record?>()
    /// Per slot: the name lower-cased, as the sort orders compare it (the name itself, one copy,
    /// when it is lower case already).
    private(set) var sortNames = ChunkedArray<String>()
    /// Per slot: the bot's folded name and id, a newline apart (so no match spans both), as the
    /// filter searches them; empty where there is no bot.
    private var searchKeys = ChunkedArray<[UInt8]>()
    /// Bumped by every change, so derived lists know when to redo.
    private(set) var version = 0
    private(set) var count = 0
    private(set) var activeCount = 0

    init() {}

    var isEmpty: Bool { count == 0 }
    func bot(atSlot slot: Int32) -> BotUser? { Int(slot) < atSlot.count ? atSlot[Int(slot)]?.bot : nil }
    func holdsBot(atSlot slot: Int32) -> Bool { Int(slot) < atSlot.count && atSlot[Int(slot)] != nil }
    /// Every slot that has held a bot (some may be empty now).
    var slots: Range<Int32> { 0..<Int32(atSlot.count) }
    /// Every bot, in slot order.
    var all: [BotUser] { atSlot.compactMap { $0?.bot } }
    /// Every bot's id, in slot order, without making the bots.
    var ids: [String] { atSlot.compactMap { $0?.id } }

    /// Adds or replaces a bot in `slot`. Returns whether anything changed, and the bot it replaced.
    mutating func upsert(_ bot: BotUser, slot: Int32) -> (changed: Bool, previous: BotUser?) {
        let index = Int(slot)
        while atSlot.count <= index {
            atSlot.append(nil)
            sortNames.append("")
            searchKeys.append([])
        }
        let previous = atSlot[index]
        let record = Record(bot)
        if previous == record { return (false, previous?.bot) }
        activeCount += (bot.active ? 1 : 0) - (previous.map { $0.active ? 1 : 0 } ?? 0)
        count += previous == nil ? 1 : 0
        if previous?.name != bot.name || previous?.id != bot.id {
            searchKeys[index] = ByteSearch.folded([bot.name, bot.id])
            let lowered = bot.name.lowercased()
            sortNames[index] = lowered == bot.name ? bot.name : lowered
        }
        atSlot[index] = record
        version += 1
        return (true, previous?.bot)
    }

    mutating func remove(slot: Int32) -> BotUser? {
        guard let gone = Int(slot) < atSlot.count ? atSlot[Int(slot)] : nil else { return nil }
        atSlot[Int(slot)] = nil
        searchKeys[Int(slot)] = []
        activeCount -= gone.active ? 1 : 0
        count -= 1
        version += 1
        return gone.bot
    }

    mutating func removeAll() {
        for slot in slots { _ = remove(slot: slot) }
    }

    /// Whether the bot in `slot` has `needle` (folded) in its name or id.
    func nameOrIDMatches(slot: Int32, needle: Needle) -> Bool {
        // Read in place: a copy of the array would be retained and released, for every bot at every keystroke.
        searchKeys[Int(slot)].withUnsafeBytes { ByteSearch.contains($0, needle.bytes, anchor: needle.anchor) }
    }
}

/// The bots by id, read through the table: what `[String: BotUser]` offered, without a second copy.
public struct BotsByID: Sendable {
    let table: BotTable
    let owners: OwnerSlots

    public subscript(id: String) -> BotUser? { owners.existingSlot(of: id).flatMap(table.bot(atSlot:)) }
    public var count: Int { table.count }
    public var isEmpty: Bool { table.isEmpty }
    public var values: [BotUser] { table.all }
    public var keys: [String] { table.ids }
}
