import BotBrowser
import Crypto
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
import Synchronization

/// The warm start: the last bot list, shown at once (marked stale) and searched while the fresh one
/// loads, so a relaunch in the middle of an incident can act before a hundred pages have arrived;
/// and the window's recent use, so that relaunch does not send what the API would refuse. One file
/// per API host and key fingerprint, mode 0600, under `$XDG_CACHE_HOME/ngrok-bots/`; the key itself
/// is never written.
public final class WarmCache: Sendable {
    public let path: String
    /// Each update reads, changes and writes the file as one step, so the list saved by the runner
    /// and the window saved on quit never overwrite each other.
    private let updating = Mutex(())

    public init(directory: String, apiHost: String, apiKey: String) {
        let fingerprint = SHA256.hash(data: Data(apiKey.utf8)).prefix(8).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        let host = apiHost.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" ? $0 : "_" }
        path = directory + "/" + String(host) + "-" + fingerprint + ".json"
    }

    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        UserDirectories(environment: environment).cacheHome + "/ngrok-bots"
    }

    /// The cached account, or nil when there is none or it cannot be read (a cache is never an error).
    public func load() -> CachedAccount? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? APIJSON.decoder().decode(CachedAccount.self, from: data)
    }

    /// Replaces the file whole (written aside, then renamed), created with mode 0600.
    public func save(_ account: CachedAccount) {
        guard let data = try? APIJSON.encoder().encode(account) else { return }
        let directory = parentDirectory(of: path)
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        let written = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        if written == data.count {
            rename(temporary, path)
        } else {
            unlink(temporary)
        }
    }

    /// Keeps the bot list (if any) and replaces the window's use (on quit).
    public func saveRecentRequests(_ times: [Date]) {
        updating.withLock { _ in
            var account = load() ?? CachedAccount(savedAt: Date(), bots: [])
            account.recentRequests = times
            save(account)
        }
    }

    /// Replaces the bot list and keeps the window's use.
    public func saveBots(_ bots: [BotUser]) {
        updating.withLock { _ in
            save(CachedAccount(savedAt: Date(), bots: bots, recentRequests: load()?.recentRequests ?? []))
        }
    }
}
