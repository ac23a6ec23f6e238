import BotBrowser
import CNCurses
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization

/// The program's main loop: draw, read a key, reduce, hand effects to the runner, take the
/// runner's results, repeat. A posted result ends the wait for a key at once, so the screen
/// never waits on the network and results appear as they arrive.
public final class InteractiveLoop: Sendable {
    private let inbox = Mutex<[Action]>([])
    /// Handed to the terminal, so a posted result ends its wait for a key at once.
    public let wakeup = Wakeup()

    public init() {}

    /// Queues an action from any thread (the effect runner's results) and wakes the loop.
    public func post(_ action: Action) {
        inbox.withLock { $0.append(action) }
        wakeup.signal()
    }

    public enum Exit: Equatable, Sendable {
        case quit
        case signal(Int32)
    }

    /// Runs until quit or a signal. The terminal is restored on every way out of this function.
    public func run(state initial: AppState, terminal: any Terminal, signals: SignalWatcher?,
                    perform: (Effect) -> Void) -> Exit {
        defer { terminal.restore() }
        var state = initial
        var lastTick = Date()
        var dirty = true
        var exit: Exit?
        func dispatch(_ action: Action) {
            for effect in reduce(&state, action) {
                if case .copyToClipboard(let text) = effect { terminal.copyToClipboard(text) } else { perform(effect) }
            }
            if state.quitRequested { exit = .quit }
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
                    dispatch(.key(key, at: Date()))
                case .paste(let text):
                    dispatch(.paste(text, at: Date()))
                case .resize(let size):
                    dispatch(.resized(size))
                }
            }
            let results = inbox.withLock { queued in defer { queued.removeAll() }; return queued }
            // A dialog a result opens (a new secret) is timed from now, so keys already on their
            // way cannot close it unread.
            if !results.isEmpty { state.now = Date() }
            let wasLoading = state.isLoading
            for action in results { dispatch(action) }
            if wasLoading && !state.isLoading { shim_release_free_memory() }
            if let signal = signals?.receivedSignal { exit = .signal(signal) }
            if Date().timeIntervalSince(lastTick) > 20 {
                lastTick = Date()
                dispatch(.tick(lastTick))
            }
        }
        return exit!
    }
}
