/// The visible bots' ids, read through their slots. The list changes with every keystroke and
/// every page of bots; copying ten thousand ids each time (and releasing the last ten thousand)
/// cost more than the filter itself.
public struct BotIDList: RandomAccessCollection, Sendable, Equatable {
    let slots: [Int32]
    /// Every owner id by slot (shared with the credential index, not copied).
    let ids: [String]

    init(slots: [Int32] = [], ids: [String] = []) {
        self.slots = slots
        self.ids = ids
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { slots.count }
    public subscript(position: Int) -> String { ids[Int(slots[position])] }

    public static func == (a: BotIDList, b: BotIDList) -> Bool { a.elementsEqual(b) }
    public static func == (a: BotIDList, b: [String]) -> Bool { a.elementsEqual(b) }
}
