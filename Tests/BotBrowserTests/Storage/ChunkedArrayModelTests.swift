@testable import BotBrowser
import NgrokSimulator
import Testing

/// `ChunkedArray` against a plain array, through appends and changes in place over several chunks.
struct ChunkedArrayModelTests {
    @Test func readsAndChangesAsAPlainArrayDoes() {
        var random = seededGenerator()
        var chunked = ChunkedArray<[Int]>()
        var model: [[Int]] = []
        for step in 0..<20_000 {
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<6:
                chunked.append([step])
                model.append([step])
            case 6..<8 where !model.isEmpty:
                // Changed in place, through the element's own mutation.
                let at = Int.random(in: 0..<model.count, using: &random)
                chunked[at].append(step)
                model[at].append(step)
            case 8 where !model.isEmpty:
                let at = Int.random(in: 0..<model.count, using: &random)
                chunked[at] = [-step]
                model[at] = [-step]
            default:
                if !model.isEmpty {
                    let at = Int.random(in: 0..<model.count, using: &random)
                    #expect(chunked[at] == model[at], "element \(at) at step \(step)")
                }
            }
            #expect(chunked.count == model.count)
        }
        #expect(Array(chunked) == model)
        #expect(chunked.indices == model.indices)
        var twin = ChunkedArray<[Int]>()
        for element in model { twin.append(element) }
        #expect(twin == chunked)
        twin[model.count / 2].append(0)
        #expect(twin != chunked)
    }
}
