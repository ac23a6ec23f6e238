/// An array kept in fixed-size chunks. Appending never copies what is held: a plain array that
/// doubles holds the old and the new buffer at once, and at 50,000 credentials that moment was
/// the program's peak memory.
struct ChunkedArray<Element: Sendable & Equatable>: Sendable, Equatable, RandomAccessCollection, MutableCollection {
    private static var chunkShift: Int { 12 }
    private static var chunkSize: Int { 1 << chunkShift }
    private var chunks: [[Element]] = []
    private(set) var count = 0

    init() {}

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    // Read and changed in place: a copy of an element that holds an array would retain it, ten
    // thousand times per filter keystroke.
    subscript(index: Int) -> Element {
        _read { yield chunks[index >> Self.chunkShift][index & (Self.chunkSize - 1)] }
        _modify { yield &chunks[index >> Self.chunkShift][index & (Self.chunkSize - 1)] }
    }

    mutating func append(_ element: Element) {
        if count & (Self.chunkSize - 1) == 0 {
            var chunk: [Element] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(element)
        count += 1
    }
}
