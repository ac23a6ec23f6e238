#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NgrokAPI
import Runbook
import Synchronization

/// One line on stderr, rewritten in place, saying how far a whole-account read got and what it waits
/// for (`LoadProgress`). Only on a terminal: a script or a pipe gets the answer and nothing else.
/// The line is erased before anything else is printed (`stop`).
final class ProgressLine: Sendable {
    /// The one being drawn, so whatever prints next can erase it first.
    private static let active = Mutex<ProgressLine?>(nil)

    private let state: Mutex<(progress: LoadProgress?, heldUntil: ContinuousClock.Instant?, drawn: String)>
    private let ticker = Mutex<Task<Void, Never>?>(nil)
    private let started = ContinuousClock.now

    private init() {
        state = Mutex((nil, nil, ""))
    }

    /// A progress line if stderr is a terminal, else nil (and nothing is ever drawn).
    static func onTerminal() -> ProgressLine? {
        isatty(STDERR_FILENO) != 0 ? ProgressLine() : nil
    }

    /// The client's `onThrottle`: the server answered 429 and asked for this wait.
    var throttled: @Sendable (Duration) -> Void {
        { [weak self] wait in self?.state.withLock { $0.heldUntil = .now + wait } }
    }

    /// Starts watching the client's limiter; a line appears once the read has taken half a second.
    func watch(_ client: any NgrokClient) {
        guard let limiter = (client as? HTTPNgrokClient)?.limiter else { return }
        Self.active.withLock { $0 = self }
        state.withLock { $0.progress = LoadProgress(limit: limiter.limit, window: limiter.window) }
        ticker.withLock {
            $0 = Task { [weak self] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(250))
                    guard let self, !Task.isCancelled else { return }
                    await self.tick(limiter)
                }
            }
        }
    }

    private func tick(_ limiter: RateLimiter) async {
        let (expiries, inFlight, waiting) = (await limiter.windowExpiries(), await limiter.inFlight, await limiter.waiting)
        // The last `inFlight` expiries stand for requests not answered yet (`RateBudget.expiries`).
        let finished = Array(expiries.dropLast(min(inFlight, expiries.count)))
        let now = ContinuousClock.now
        // Drawn under the lock, so a `stop` that erased the line is never followed by a late draw.
        state.withLock { state in
            guard var progress = state.progress else { return }
            progress.saw(finished: finished)
            progress.windowWait = LoadProgress.windowWait(finished: finished, inFlight: inFlight, waiting: waiting,
                                                          allowance: limiter.limit - limiter.reserve, now: now)
            progress.heldByServer = state.heldUntil.flatMap { $0 > now ? $0 - now : nil }
            state.progress = progress
            let line = "ngrok-bots: " + progress.line
            guard now - started >= .milliseconds(500), line != state.drawn else { return }
            state.drawn = line
            StandardStream.writeError("\r\u{1B}[K" + line)
        }
    }

    /// Stops the line and erases it, if one was drawn.
    static func stop() {
        guard let line = active.withLock({ current -> ProgressLine? in defer { current = nil }; return current }) else { return }
        line.ticker.withLock { $0?.cancel() }
        line.state.withLock { state in
            if !state.drawn.isEmpty { StandardStream.writeError("\r\u{1B}[K") }
            state.progress = nil
        }
    }
}
