import Dispatch
import Essentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization

/// Turns SIGINT, SIGTERM, SIGHUP and SIGQUIT into a flag the input loop polls, so each ends the
/// program through the same exit that restores the terminal. (Left alone, SIGQUIT goes to the Swift
/// runtime, which draws a crash report over the screen and keeps the program running.) The handlers
/// only store a number: no ncurses, no I/O, so they are safe whatever the loop is doing.
public final class SignalWatcher {
    public static let watched: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    private final class Flag: Sendable {
        let value = Atomic<Int32>(0)
    }

    private let flag = Flag()
    private var sources: [any DispatchSourceSignal] = []

    public init() {
        for signalNumber in Self.watched {
            Glibc.signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [flag] in flag.value.store(signalNumber, ordering: .relaxed) }
            source.resume()
            sources.append(source)
        }
    }

    /// The signal that arrived, if any.
    public var receivedSignal: Int32? {
        let value = flag.value.load(ordering: .relaxed)
        return value == 0 ? nil : value
    }
}
