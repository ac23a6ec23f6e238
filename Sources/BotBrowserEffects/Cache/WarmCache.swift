import BotBrowser
import Crypto
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

/// The warm start: the last bot list, shown at once (marked stale) and searched while the fresh one
/// loads, so a relaunch in the middle of an incident can act before a hundred pages have arrived;
/// and the window's recent use, so that relaunch does not send what the API would refuse. One file
/// per API host and key fingerprint, mode 0600, under `$XDG_CACHE_HOME/ngrok-bots/`; the key itself
/// is never written.
///
/// The disk is not trusted either: a symlink, a FIFO or anything but a plain file at the path is
/// not read (nor followed, nor waited on), a directory someone else can write is neither read nor
/// written, and the file is replaced whole from a temporary file only this process could create.
public final class WarmCache: Sendable {
    public let path: String
    private let directory: String
    /// Each update reads, changes and writes the file as one step, so the list saved by the runner
    /// and the window saved on quit never overwrite each other; between processes the same is done
    /// by `flock` on `<path>.lock`.
    private let updating = Mutex(())

    public init(directory: String, apiHost: String, apiKey: String) {
        let fingerprint = SHA256.hash(data: Data(apiKey.utf8)).prefix(8).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        let host = apiHost.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" ? $0 : "_" }
        path = directory + "/" + String(host) + "-" + fingerprint + ".json"
        self.directory = directory
    }

    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        UserDirectories(environment: environment).cacheHome + "/ngrok-bots"
    }

    /// The cached account, or nil when there is none or it cannot be read (a cache is never an error).
    public func load() -> CachedAccount? {
        guard OwnFiles.problem(with: directory, "the cache directory", sharing: .privateToUs) == nil else { return nil }
        // Not blocking: a FIFO planted at the path must not hang the launch.
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard OwnFiles.problem(withOpen: fd, path: path) == nil, let data = OwnFiles.readAll(fd) else { return nil }
        return try? APIJSON.decoder().decode(CachedAccount.self, from: data)
    }

    /// Runs `body` holding both locks, or not at all: when another process is updating the file
    /// (another instance of the program for the same account), this update is simply skipped; its
    /// own will do. Nothing is written to a directory someone else can write.
    private func exclusively(_ body: () -> Void) {
        updating.withLock { _ in
            guard OwnFiles.prepareDirectory(directory, "the cache directory", sharing: .privateToUs) == nil else { return }
            let lock = open(path + ".lock", O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o600)
            guard lock >= 0 else { return }
            defer { close(lock) }
            guard OwnFiles.problem(withOpen: lock, path: path + ".lock") == nil, flock(lock, LOCK_EX | LOCK_NB) == 0 else { return }
            body()
        }
    }

    /// Replaces the file whole: written to a new file of a random name that only this call can
    /// have created (`O_EXCL`, mode 0600, no symlink followed), then renamed over the path. Called
    /// within `exclusively`.
    private func save(_ account: CachedAccount) {
        guard let data = try? APIJSON.encoder().encode(account) else { return }
        var generator = SystemRandomNumberGenerator()
        let temporary = path + ".tmp-" + String(generator.next() as UInt64, radix: 16)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        let failed = OwnFiles.writeAll(fd, data) != nil
        close(fd)
        if failed || rename(temporary, path) != 0 { unlink(temporary) }
    }

    /// Longer than any API window plus its margin (ngrok's is a minute).
    static let longestWindow: TimeInterval = 300

    /// Keeps the bot list (if any) and adds this run's requests to the window's use (on quit): the
    /// runbook commands and the TUI of one user and account share this one record of the window,
    /// and what another run saved while this one ran still counts.
    public func saveRecentRequests(_ times: [Date]) {
        exclusively {
            var account = load() ?? CachedAccount(savedAt: Date(), bots: [])
            // Only what can still count: past times are spent, and times further ahead than any
            // window (a clock that was fast) would hold every launch back until they passed.
            let counting = Date()...(Date() + Self.longestWindow)
            account.recentRequests = (account.recentRequests + times).filter(counting.contains).sorted()
            save(account)
        }
    }

    /// Replaces the bot list and keeps the window's use.
    public func saveBots(_ bots: [BotUser]) {
        exclusively {
            save(CachedAccount(savedAt: Date(), bots: bots, recentRequests: load()?.recentRequests ?? []))
        }
    }
}
