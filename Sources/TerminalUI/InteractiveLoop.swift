import BotBrowser
import CNCurses
import Essentials
import Synchronization

/// The program's main loop: draw, read a key, reduce, hand effects to the runner, take the
/// runner's results, repeat. A posted result ends the wait for a key at once, so the screen
/// never waits on the network and results appear as they arrive.
public final class InteractiveLoop: Sendable {
    /// Results waiting for the loop, each with what to resume once it is taken in (`deliver`);
    /// closed once the loop has ended.
    private let inbox = Mutex<(waiting: [(Action, CheckedContinuation<Void, Never>?)], closed: Bool)>(([], false))
    /// Handed to the terminal, so a posted result ends its wait for a key at once.
    public let wakeup = Wakeup()

    public init() {}

    /// Queues an action from any thread (the effect runner's results) and wakes the loop.
    public func post(_ action: Action) {
        inbox.withLock { $0.waiting.append((action, nil)) }
        wakeup.signal()
    }

    /// Queues an action and returns once the loop has taken it in. A load hands over its pages
    /// this way: when the loop is busy (a slow machine, a large account), the next page waits on
    /// the network side instead of decoded pages piling up in memory.
    public func deliver(_ action: Action) async {
        await withCheckedContinuation { (taken: CheckedContinuation<Void, Never>) in
            let queued = inbox.withLock { inbox in
                if !inbox.closed { inbox.waiting.append((action, taken)) }
                return !inbox.closed
            }
            if queued { wakeup.signal() } else { taken.resume() }
        }
    }

    public enum Exit: Equatable, Sendable {
        case quit
        case signal(Int32)
    }

    /// Runs until quit or a signal. The terminal is restored on every way out of this function.
    public func run(state initial: AppState, terminal: any Terminal, signals: SignalWatcher?,
                    perform: (Effect) -> Void) -> Exit {
        defer {
            terminal.restore()
            // Nothing waits on a loop that has ended.
            let waiting = inbox.withLock { inbox in
                inbox.closed = true
                defer { inbox.waiting.removeAll() }
                return inbox.waiting
            }
            for (_, taken) in waiting { taken?.resume() }
        }
        var state = initial
        let clock = SteadyClock()
        var lastTick = clock.now()
        var dirty = true
        var exit: Exit?
        func dispatch(_ action: Action) {
            for effect in reduce(&state, action) {
                if case .copyToClipboard(let text) = effect { terminal.copyToClipboard(text) } else { perform(effect) }
            }
            if state.ui.quitRequested { exit = .quit }
            dirty = true
        }
        dispatch(.resized(terminal.size))
        dispatch(.start)
        while exit == nil {
            if dirty {
                terminal.draw(render(state, terminal.size))
                dirty = false
            }
            if let event = terminal.readEvent() {
                switch event {
                case .key(let key):
                    dispatch(.key(key, at: clock.now()))
                case .paste(let text):
                    dispatch(.paste(text, at: clock.now()))
                case .resize(let size):
                    dispatch(.resized(size))
                }
            }
            let results = inbox.withLock { inbox in defer { inbox.waiting.removeAll() }; return inbox.waiting }
            // A dialog a result opens (a new secret) is timed from now, so keys already on their
            // way cannot close it unread.
            if !results.isEmpty { state.ui.now = clock.now() }
            let wasLoading = state.isLoading
            for (action, taken) in results {
                dispatch(action)
                taken?.resume()
            }
            if wasLoading && !state.isLoading { shim_release_free_memory() }
            if let signal = signals?.receivedSignal { exit = .signal(signal) }
            // Each second while a wait for the API is counted down on screen, else now and then.
            if clock.now().timeIntervalSince(lastTick) > (state.loads.waitsForTheAPI(at: clock.now()) ? 1 : 20) {
                lastTick = clock.now()
                dispatch(.tick(lastTick))
            }
        }
        return exit!
    }
}
