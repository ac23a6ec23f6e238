import BotBrowser
import Essentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NgrokAPI
import Synchronization

/// Appends JSON lines to the audit log. Each line is one `write(2)` followed by `fsync`, so it is on
/// disk before the request it records goes out, even if the program is killed.
///
/// The path is opened with `O_NOFOLLOW` (a planted symlink is refused, never followed) and must be a
/// regular file with one name. A file this program creates gets mode 0600; one that exists is used as
/// it is and never chmodded: it may be a team's shared log. The default location's directory must be
/// ours alone; a directory named with `--audit-log` may be shared with our group (a team's log), but
/// not writable by anyone.
public final class AuditLog: Sendable {
    public let path: String
    /// Internal so a test can make writing fail.
    let fd: Int32
    /// One line at a time from this process: a line is never interleaved with another.
    private let writing = Mutex(())

    /// - Parameter userNamed: the path came from `--audit-log` (its directory may be group-writable).
    public init(path: String, userNamed: Bool = false) throws {
        let directory = parentDirectory(of: path)
        if let problem = OwnFiles.prepareDirectory(directory, "the audit log's directory", sharing: userNamed ? .group : .privateToUs) {
            throw AuditLogError(message: problem)
        }
        let flags = O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK
        var fd = open(path, flags | O_CREAT | O_EXCL, 0o600)
        if fd < 0 && errno == EEXIST { fd = open(path, flags) }
        guard fd >= 0 else {
            throw AuditLogError(message: "cannot use the audit log: \(OwnFiles.openFailure(path, errno: errno))")
        }
        if let problem = OwnFiles.problem(withOpen: fd, path: path) {
            close(fd)
            throw AuditLogError(message: "cannot use the audit log: \(problem)")
        }
        self.fd = fd
        self.path = path
    }

    deinit {
        close(fd)
    }

    /// `$XDG_STATE_HOME/ngrok-bots/audit.jsonl`, or `~/.local/state/ngrok-bots/audit.jsonl`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        UserDirectories(environment: environment).stateHome + "/ngrok-bots/audit.jsonl"
    }

    /// Who is running the program, for the log: the password database's name for the effective user
    /// (an environment variable is anyone's to set), with a different `$USER` added as a hint.
    public static func localUser(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let uid = geteuid()
        let account = getpwuid(uid).flatMap { $0.pointee.pw_name.map { String(cString: $0) } } ?? "uid \(uid)"
        guard let hint = environment["USER"], !hint.isEmpty, hint != account else { return account }
        return "\(account) (USER=\(hint))"
    }

    /// Writes one line and syncs it; throws (saying why) when it is not on disk.
    public func append(_ entry: AuditEntry) throws(AuditLogError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard var data = try? encoder.encode(entry) else { throw AuditLogError(message: "an audit line could not be encoded") }
        data.append(0x0A)
        let failure: Int32? = writing.withLock { _ in
            if let failure = OwnFiles.writeAll(fd, data) { return failure }
            return fsync(fd) == 0 ? nil : errno
        }
        if let failure {
            throw AuditLogError(message: "writing the audit log \(path) failed: \(String(cString: strerror(failure)))")
        }
    }
}

public struct AuditLogError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
