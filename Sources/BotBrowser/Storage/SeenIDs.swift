/// The ids a list has delivered so far in a load, kept as 64-bit hashes: as a `Set<String>` the
/// 60,000 ids of a large account kept every decoded id alive until the list ended, four megabytes
/// at the program's peak. `Hasher` is seeded afresh in every run, so two ids of one account share
/// a hash with a chance of about one in 10^10, and a server cannot choose ids that do.
struct SeenIDs: Sendable, Equatable {
    private var hashes = Set<Int>()

    var count: Int { hashes.count }

    mutating func insert(_ id: String) { hashes.insert(id.hashValue) }

    mutating func formUnion(_ ids: some Sequence<String>) {
        for id in ids { insert(id) }
    }

    func contains(_ id: String) -> Bool { hashes.contains(id.hashValue) }
}
