/// One copy of each distinct value, numbered. Metadata, ACL rules and a session's region, OS and
/// agent version repeat across thousands of credentials and sessions: a record keeps the number
/// (4 bytes), not a copy.
struct Interned<Value: Hashable & Sendable>: Sendable, Equatable {
    private var values: [Value]
    private var numbers: [Value: Int32]

    /// `first` is number 0, the value most records have (an empty text or list).
    init(_ first: Value) {
        values = [first]
        numbers = [first: 0]
    }

    mutating func number(of value: Value) -> Int32 {
        if let number = numbers[value] { return number }
        values.append(value)
        numbers[value] = Int32(values.count - 1)
        return Int32(values.count - 1)
    }

    subscript(number: Int32) -> Value { values[Int(number)] }
}
