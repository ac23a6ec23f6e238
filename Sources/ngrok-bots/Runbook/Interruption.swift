import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// SIGINT, SIGTERM and SIGHUP during a runbook command: what is already printed stays printed, what
/// a command said it would finish (the rest of a JSON document) is finished, and the state a change
/// was left in is said on stderr before the program exits with 128 + the signal.
enum Interruption {
    struct Pending: Sendable {
        /// Written to stdout first, so a document already begun is whole.
        var outputTail: String?
        /// Said on stderr: what a change in flight leaves behind and what to do about it.
        var note: String?
    }

    private static let pending = Mutex(Pending())
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    /// Installs the handlers (once, before anything is sent).
    static func install() {
        guard sources.isEmpty else { return }
        for number in [SIGINT, SIGTERM, SIGHUP] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { interrupted(by: number) }
            source.resume()
            sources.append(source)
        }
    }

    /// What an interruption from now on must print; `nil` clears it.
    static func set(outputTail: String?, note: String?) {
        pending.withLock { $0 = Pending(outputTail: outputTail, note: note) }
    }

    static func clear() { set(outputTail: nil, note: nil) }

    private static func interrupted(by number: Int32) -> Never {
        let now = pending.withLock { state in
            defer { state = Pending() }
            return state
        }
        // What was printed through stdio first (a report already begun), then the tail, in order.
        fflush(nil)
        if let tail = now.outputTail { StandardStream.writeOutput(tail) }
        let name = number == SIGINT ? "SIGINT" : number == SIGTERM ? "SIGTERM" : number == SIGHUP ? "SIGHUP" : "signal \(number)"
        StandardStream.writeError("\ninterrupted by \(name)" + (now.note.map { ": " + $0 } ?? "") + "\n")
        _exit(128 + number)
    }
}
