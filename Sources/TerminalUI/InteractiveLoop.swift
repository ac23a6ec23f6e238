import BotBrowser
import Foundation
import Synchronization

/// The program's main loop: draw, read a key, reduce, hand effects to the runner, take the
/// runner's results, repeat. Keys are read with a short timeout, so the screen never waits on
/// the network and results appear as they arrive.
public final class InteractiveLoop: Sendable {
    private let inbox = Mutex<[Action]>([])

    public init() {}

    /// Queues an action from any thread (the effect runner's results).
    public func post(_ action: Action) {
        inbox.withLock { $0.append(action) }
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
                switch effect {
                case .quit: exit = .quit
                case .copyToClipboard(let text): terminal.copyToClipboard(text)
                default: perform(effect)
                }
            }
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
                    // Below the minimum size only quitting makes sense.
                    if terminal.size.width < Layout.minimum.width || terminal.size.height < Layout.minimum.height {
                        if state.keymap.command(for: key, in: .list) == .quit { exit = .quit }
                        dirty = true
                    } else {
                        dispatch(.key(key, at: Date()))
                    }
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
            for action in results { dispatch(action) }
            if let signal = signals?.receivedSignal { exit = .signal(signal) }
            if Date().timeIntervalSince(lastTick) > 20 {
                lastTick = Date()
                dispatch(.tick(lastTick))
            }
        }
        return exit!
    }
}
