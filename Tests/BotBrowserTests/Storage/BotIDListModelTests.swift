@testable import BotBrowser
import NgrokSimulator
import Testing

/// `BotIDList` against the plain array of the ids it reads through its slots.
struct BotIDListModelTests {
    @Test func readsAsTheArrayOfItsIds() {
        var random = seededGenerator()
        for _ in 0..<200 {
            let ids = (0..<Int.random(in: 1...50, using: &random)).map { _ in random.id(prefix: "bot_") }
            let slots = (0..<Int.random(in: 0...60, using: &random)).map { _ in Int32.random(in: 0..<Int32(ids.count), using: &random) }
            let list = BotIDList(slots: slots, ids: ids)
            let model = slots.map { ids[Int($0)] }
            #expect(Array(list) == model)
            #expect(list.count == model.count)
            #expect(list == model)
            // Equal when the ids read are, however they are numbered.
            #expect(list == BotIDList(slots: model.indices.map { Int32($0) }, ids: model))
            if let last = model.last {
                #expect(!(list == Array(model.dropLast()) + [last + "x"]))
            }
        }
    }
}
