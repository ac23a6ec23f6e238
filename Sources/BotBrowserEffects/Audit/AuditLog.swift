import BotBrowser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NgrokAPI

/// One line of the audit log. Names what was done to what and how it ended; never a key or a token.
public struct AuditEntry: Codable, Sendable, Equatable {
    public var time: String
    public var user: String
    public var apiHost: String
    public var action: String
    public var targetID: String
    public var targetName: String
    /// `ok`, `failed`, `already-gone` or `unknown` (a lost answer to a create).
    public var outcome: String
    public var httpStatus: Int?
    public var errorCode: String?
    public var operationID: String?
    public var message: String?

    enum CodingKeys: String, CodingKey {
        case time, user, action, outcome, message
        case apiHost = "api_host"
        case targetID = "target_id"
        case targetName = "target_name"
        case httpStatus = "http_status"
        case errorCode = "error_code"
        case operationID = "operation_id"
    }
}

/// Appends JSON lines to a file created with mode 0600. Each line is one `write(2)`, so it is on
/// disk (in the kernel's hands) before the next request starts, even if the program is killed.
public final class AuditLog: Sendable {
    public let path: String
    private let fd: Int32

    public init(path: String) throws {
        let directory = parentDirectory(of: path)
        if !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                // Foundation's own text is a paragraph; the system's reason fits on one line.
                let reason = ((error as? CocoaError)?.underlying as? POSIXError).map { String(cString: strerror($0.code.rawValue)) }
                    ?? "it or a parent is not a directory we can create"
                throw AuditLogError(message: "cannot create the audit log's directory \(directory): \(reason)")
            }
        }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw AuditLogError(message: "cannot open the audit log \(path): \(String(cString: strerror(errno)))")
        }
        // An existing file keeps its content but not looser permissions.
        fchmod(fd, 0o600)
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

    public func append(_ entry: AuditEntry) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard var data = try? encoder.encode(entry) else { return }
        data.append(0x0A)
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}

public struct AuditLogError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
