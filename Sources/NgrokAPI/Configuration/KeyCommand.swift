#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a profile's `api_key_command` (`pass show ngrok/prod`) with `/bin/sh -c`, and returns what
/// it printed. Its standard input and error are the terminal's, so a password prompt (gpg's
/// pinentry) and the command's own complaints reach the user; its output is read here and never
/// shown.
public enum KeyCommand {
    public enum Failure: Error, Equatable {
        /// The shell could not be started (errno).
        case notStarted(Int32)
        /// Exited with this status.
        case exited(Int32)
        /// Killed by this signal.
        case signalled(Int32)
        /// Printed more than `limit` bytes: not a key.
        case tooMuchOutput(limit: Int)
    }

    /// The most read: a key is short, and a command that prints forever must not be read forever.
    public static let limit = 64 << 10

    public static func run(_ command: String) -> Result<[UInt8], Failure> {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return .failure(.notStarted(errno)) }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t?
        #else
        var actions = posix_spawn_file_actions_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        posix_spawn_file_actions_addclose(&actions, readEnd)
        posix_spawn_file_actions_addclose(&actions, writeEnd)
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sh"), strdup("-c"), strdup(command), nil]
        defer { for arg in argv { free(arg) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, nil, argv, environ)
        close(writeEnd)
        defer { close(readEnd) }
        guard spawned == 0 else { return .failure(.notStarted(spawned)) }

        // Read to the end even past the limit, so the command is not stopped by a full pipe.
        var output: [UInt8] = []
        var tooMuch = false
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            if output.count + count > limit { tooMuch = true } else { output += chunk[..<count] }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // The wait status's layout (WIFEXITED, WEXITSTATUS, WTERMSIG), which Swift does not import as macros.
        let signal = status & 0x7F
        if signal != 0 { return .failure(.signalled(signal)) }
        let exitStatus = (status >> 8) & 0xFF
        if exitStatus != 0 { return .failure(.exited(exitStatus)) }
        if tooMuch { return .failure(.tooMuchOutput(limit: limit)) }
        return .success(output)
    }
}
