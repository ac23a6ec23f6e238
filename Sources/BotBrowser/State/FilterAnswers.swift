/// The filter's recent answers (a bot's slots per needle) for one state of the account and one sort.
struct FilterAnswers: Sendable, Equatable {
    struct Basis: Sendable, Equatable {
        var sort: SortOrder
        var botsVersion: Int
        var credentialsVersion: Int
        var sessionsVersion: Int
    }

    var basis: Basis?
    private var answers: [(needle: [UInt8], slots: [Int32])] = []
    /// Enough for a typed id and the Backspaces after it; each is at most one slot list.
    private static let kept = 40

    init(basis: Basis? = nil) { self.basis = basis }

    func answer(for needle: [UInt8]) -> [Int32]? {
        answers.last { $0.needle == needle }?.slots
    }

    /// The fewest bots that can match `needle`: an earlier answer for a part of it.
    func candidates(for needle: [UInt8]) -> [Int32]? {
        answers.filter { ByteSearch.firstOffset(of: $0.needle, in: needle) != nil }.min { $0.slots.count < $1.slots.count }?.slots
    }

    mutating func remember(_ needle: [UInt8], _ slots: [Int32]) {
        answers.append((needle, slots))
        if answers.count > Self.kept { answers.removeFirst() }
    }

    static func == (a: FilterAnswers, b: FilterAnswers) -> Bool {
        a.basis == b.basis && a.answers.elementsEqual(b.answers) { $0.needle == $1.needle && $0.slots == $1.slots }
    }
}
