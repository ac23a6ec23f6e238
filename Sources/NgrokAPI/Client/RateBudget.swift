/// The arithmetic of the API's window, without any waiting: how much of it is used and when a
/// request of a given priority may start.
///
/// A request is counted from the moment it starts until `window + margin` after its answer came
/// back. The server counts it at some instant between those two, so however it places the request,
/// any window the server looks at holds no more requests than this count allowed: a server that
/// enforces exactly `limit` per `window` never refuses one. (Counting from the start, as a simple
/// limiter does, lets the server's window and the client's drift apart by a round trip at the edge.)
struct RateBudget: Sendable, Equatable {
    typealias Instant = ContinuousClock.Instant

    enum Decision: Equatable {
        case start
        /// The window is full for this priority until then.
        case wait(until: Instant)
        /// Blocked by requests in flight: the next `finish` may free it.
        case waitForFinish
    }

    let limit: Int
    let window: Duration
    let margin: Duration
    let maxInFlight: Int
    /// Starts kept for interactive requests (and changes) in every window.
    let reserve: Int
    /// Starts kept for changes alone, on top of `reserve`: lookups a user fires while hunting for
    /// the right bot cannot use the window up under the deactivate that follows them.
    let changeReserve: Int

    private(set) var inFlight = 0
    /// When each finished request stops counting, in ascending order.
    private var expiries: [Instant] = []
    /// Set by a 429: the server's window is full (another program may share the account), so
    /// nothing is sent before then, whatever this count says.
    private var heldUntil: Instant?

    /// One slot in flight kept from background work (`inFlightLimit`).
    let keepsSlot: Bool

    init(limit: Int, window: Duration, margin: Duration, maxInFlight: Int, reserve: Int, changeReserve: Int? = nil, keepsSlot: Bool = true) {
        let changeReserve = changeReserve ?? Self.defaultChangeReserve(limit: limit, reserve: reserve)
        precondition(limit > 0 && maxInFlight > 0 && reserve >= 0 && changeReserve >= 0 && reserve + changeReserve < limit)
        self.limit = limit
        self.changeReserve = changeReserve
        self.keepsSlot = keepsSlot
        self.window = window
        self.margin = margin
        self.maxInFlight = maxInFlight
        self.reserve = reserve
    }

    /// The usual reserve: a twelfth of the window (10 of 120), never all of it.
    static func defaultReserve(limit: Int) -> Int {
        min(limit - 1, max(1, limit / 12))
    }

    /// The usual reserve for changes: a twenty-fourth of the window (5 of 120), none when the
    /// window is too small to split.
    static func defaultChangeReserve(limit: Int, reserve: Int) -> Int {
        max(0, min(limit / 24, limit - reserve - 1))
    }

    /// Requests an earlier run of the program sent, still counting until these instants.
    mutating func seed(expiries: [Instant]) {
        for expiry in expiries.sorted() { insert(expiry) }
    }

    /// When the requests now counted stop counting (those in flight as if answered now).
    func expiries(at now: Instant) -> [Instant] {
        expiries.filter { $0 > now } + Array(repeating: now + window + margin, count: inFlight)
    }

    /// Requests in flight plus finished ones the server may still count, at `now`.
    mutating func used(at now: Instant) -> Int {
        prune(now)
        return inFlight + expiries.count
    }

    mutating func decision(for priority: RequestPriority, at now: Instant) -> Decision {
        prune(now)
        if let heldUntil, heldUntil > now { return .wait(until: heldUntil) }
        let windowLimit = limit - reserved(against: priority)
        let inFlightLimit = self.inFlightLimit(for: priority)
        if inFlight >= inFlightLimit { return .waitForFinish }
        let excess = inFlight + expiries.count - windowLimit
        if excess < 0 { return .start }
        // Once `excess + 1` finished requests have expired the count is below the limit again;
        // if the excess is in flight, only a finish can help.
        return excess < expiries.count ? .wait(until: expiries[excess]) : .waitForFinish
    }

    /// The starts in a window that `priority` may not take.
    private func reserved(against priority: RequestPriority) -> Int {
        switch priority {
        case .change: 0
        case .interactive: changeReserve
        // The bot list is what a search by name waits for: it leaves the person's share, but not
        // also the changes' (the person's lookups cannot take that share, so it holds). With both
        // kept from it, a 10,000-bot list (100 pages) and the first row's few reads outgrew the
        // window by a page or two, and a name on the last page was found a minute late.
        case .bots: reserve
        case .background: changeReserve + reserve
        }
    }

    /// One slot in flight is kept free for what the user asks, so it never queues behind a page,
    /// and a change may go out beside four reads.
    private func inFlightLimit(for priority: RequestPriority) -> Int {
        switch priority {
        case .change: maxInFlight + 1
        case .interactive: maxInFlight
        case .bots, .background: maxInFlight == 1 || !keepsSlot ? maxInFlight : maxInFlight - 1
        }
    }

    /// The server answered 429: hold every request until `instant`.
    mutating func hold(until instant: Instant) {
        heldUntil = max(heldUntil ?? instant, instant)
    }

    mutating func start() {
        inFlight += 1
    }

    /// The answer (or the failure) came back at `now`.
    mutating func finish(at now: Instant) {
        precondition(inFlight > 0, "finish without start")
        inFlight -= 1
        insert(now + window + margin)
    }

    /// Kept sorted even if a clock were to step back.
    private mutating func insert(_ expiry: Instant) {
        let index = expiries.lastIndex { $0 <= expiry }.map { $0 + 1 } ?? 0
        expiries.insert(expiry, at: index)
    }

    private mutating func prune(_ now: Instant) {
        let gone = expiries.firstIndex { $0 > now } ?? expiries.count
        if gone > 0 { expiries.removeFirst(gone) }
    }
}
