import NgrokAPI

/// Owner ids (bots and people) numbered in the order first seen. The bot table, the credential
/// index, the filter, the sort orders and the visible list all work on these numbers. A number is
/// never reused, so a list indexed by it stays valid when an owner goes. Owners are told apart by
/// `BotID.key`: both spellings of a bot's id are one owner, named as the bot list last spelled it.
struct OwnerSlots: Sendable, Equatable {
    private(set) var ids: [String] = []
    private var slotOf: [String: Int32] = [:]
    /// Bumped when an owner is named in the other spelling, so what names owners knows to redo.
    private(set) var respellings = 0

    /// The number of `id`, given on first sight.
    mutating func slot(for id: String) -> Int32 {
        let key = BotID.key(id)
        if let slot = slotOf[key] { return slot }
        let slot = Int32(ids.count)
        ids.append(id)
        slotOf[key] = slot
        return slot
    }

    /// The number of a bot the server just named, with the owner spelled as the bot is: when its
    /// credentials came first with the other spelling of its id, the bot list's wins.
    mutating func slot(forBot id: String) -> Int32 {
        let slot = slot(for: id)
        if ids[Int(slot)] != id {
            ids[Int(slot)] = id
            respellings += 1
        }
        return slot
    }

    func existingSlot(of id: String) -> Int32? { slotOf[BotID.key(id)] }
}
