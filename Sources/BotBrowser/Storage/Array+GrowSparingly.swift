extension Array {
    /// Makes room for `count` more elements, growing by a quarter rather than doubling: ten
    /// thousand owners with five credentials each would otherwise hold room for eight.
    mutating func growSparingly(by count: Int) {
        guard self.count + count > capacity else { return }
        reserveCapacity(Swift.max(self.count + count, self.count + self.count / 4))
    }
}
