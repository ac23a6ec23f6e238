#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Unbuffered writes to stdout and stderr, as Foundation's FileHandle made them (FoundationEssentials
/// has no FileHandle): a line is out before the next thing happens, whoever reads it.
enum StandardStream {
    static func writeOutput(_ text: String) {
        writeAll(Array(text.utf8)[...], to: STDOUT_FILENO)
    }

    static func writeError(_ text: String) {
        writeAll(Array(text.utf8)[...], to: STDERR_FILENO)
    }
}

private func writeAll(_ bytes: ArraySlice<UInt8>, to fd: Int32) {
    var bytes = bytes
    while !bytes.isEmpty {
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if written < 0, errno == EINTR { continue }
        guard written > 0 else { return }
        bytes = bytes.dropFirst(written)
    }
}
