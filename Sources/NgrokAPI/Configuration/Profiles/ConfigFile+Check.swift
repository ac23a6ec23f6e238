#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What reading the file cannot tell: whether the key files it names can be read and are private,
/// and whether the variables it names are set. For `config check`; commands are never run by it
/// (one may ask for a passphrase).
extension ConfigFile {
    public func keySourceIssues(environment: [String: String]) -> [ConfigIssue] {
        let all = [(nil, defaults)] + profiles.map { (Optional($0.name), $0.settings) }
        var issues: [ConfigIssue] = []
        for (profile, settings) in all {
            let place = profile.map { " (profile \(Self.quoted($0)))" } ?? ""
            switch settings.key {
            case .file(let path):
                let line = settings.lines["api_key_file"]
                let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
                guard fd >= 0 else {
                    let reason = String(cString: strerror(errno))
                    issues.append(ConfigIssue(path: self.path, line: line, "api_key_file \(path) cannot be read (\(reason))\(place)"))
                    continue
                }
                defer { close(fd) }
                var status = stat()
                if fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFREG, Int(status.st_mode & 0o777) & 0o077 != 0 {
                    let mode = String(Int(status.st_mode & 0o777), radix: 8)
                    issues.append(ConfigIssue(path: self.path, line: line, "api_key_file \(path) is readable by others (mode \(mode)); chmod 600 it\(place)",
                                              severity: .warning))
                }
            case .environment(let name):
                if (environment[name] ?? "").isEmpty {
                    issues.append(ConfigIssue(path: self.path, line: settings.lines["api_key_env"],
                                              "api_key_env names \(name), which is not set here\(place)", severity: .warning))
                }
            case .command, nil:
                break
            }
        }
        return issues
    }
}
