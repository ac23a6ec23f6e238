import Essentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The checks the audit log and the warm cache make before they trust a path: the disk is as
/// hostile as the server (a planted symlink, a FIFO, a directory someone else can write).
enum OwnFiles {
    /// Who besides us may put files into a directory.
    enum Sharing {
        /// Nobody: the directory is ours and only we can write it (the default locations).
        case privateToUs
        /// Our group may too (a team's shared `--audit-log` directory); anyone else may not.
        case group
    }

    /// Creates `directory` (mode 0700) if it is missing, then says why it cannot be trusted with
    /// our files, or nil when it can. `what` names it in the message ("the audit log's directory").
    static func prepareDirectory(_ directory: String, _ what: String, sharing: Sharing) -> String? {
        if directory.isEmpty { return problem(with: ".", what, sharing: sharing) }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            // Foundation's own text is a paragraph; the system's reason fits on one line.
            let reason = ((error as? CocoaError)?.underlying as? POSIXError).map { String(cString: strerror($0.code.rawValue)) }
                ?? "it or a parent is not a directory we can create"
            return "cannot create \(what) \(directory): \(reason)"
        }
        return problem(with: directory, what, sharing: sharing)
    }

    /// Why an existing directory cannot be trusted, or nil.
    static func problem(with directory: String, _ what: String, sharing: Sharing) -> String? {
        var status = stat()
        guard stat(directory, &status) == 0 else { return "cannot read \(what) \(directory): \(String(cString: strerror(errno)))" }
        guard (status.st_mode & S_IFMT) == S_IFDIR else { return "\(what) \(directory) is not a directory" }
        let mode = String(status.st_mode & 0o777, radix: 8)
        switch sharing {
        case .privateToUs:
            if status.st_uid != geteuid() { return "\(what) \(directory) belongs to another user (uid \(status.st_uid))" }
            if status.st_mode & 0o022 != 0 { return "\(what) \(directory) can be written by others (mode \(mode); chmod go-w fixes it)" }
        case .group:
            if status.st_mode & 0o002 != 0 { return "\(what) \(directory) can be written by anyone (mode \(mode)); use a directory only you or your team can write" }
        }
        return nil
    }

    /// The open file's kind and links, checked on the descriptor itself (so nothing can be swapped
    /// in between): nil when it is a plain file with one name, else why not.
    static func problem(withOpen fd: Int32, path: String) -> String? {
        var status = stat()
        guard fstat(fd, &status) == 0 else { return "cannot read \(path): \(String(cString: strerror(errno)))" }
        guard (status.st_mode & S_IFMT) == S_IFREG else { return "\(path) is not a regular file" }
        // A second name may be a file the user cares about, hard-linked here by someone else.
        if status.st_nlink > 1 { return "\(path) has \(status.st_nlink) hard links; an audit log or cache file has one" }
        return nil
    }

    /// The reason an `open` with `O_NOFOLLOW | O_NONBLOCK` failed, worded for the user.
    static func openFailure(_ path: String, errno code: Int32) -> String {
        switch code {
        case ELOOP: "\(path) is a symbolic link; it is not followed"
        case ENXIO: "\(path) is not a regular file"
        default: "cannot open \(path): \(String(cString: strerror(code)))"
        }
    }

    /// The whole content of an open file, or nil if reading fails.
    static func readAll(_ fd: Int32) -> Data? {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count == 0 { return data }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            data.append(contentsOf: buffer[0..<count])
        }
    }

    /// Writes all of `data`, or says why not.
    static func writeAll(_ fd: Int32, _ data: Data) -> Int32? {
        data.withUnsafeBytes { buffer -> Int32? in
            var offset = 0
            while offset < buffer.count {
                let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if written == 0 { return EIO }
                offset += written
            }
            return nil
        }
    }
}
