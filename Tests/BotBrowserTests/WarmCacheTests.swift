import BotBrowser
import BotBrowserEffects
import Foundation
import NgrokAPI
import NgrokSimulator
import Synchronization
import Testing

@Suite("Warm cache")
struct WarmCacheTests {
    func directory() -> String { NSTemporaryDirectory() + "ngrok-bots-cache-\(UUID().uuidString)" }

    @Test func keepsTheListAndTheWindowPrivateAndWithoutTheKey() throws {
        let key = "2cacheTestKey_abcdefghijklmnopqrstuvwxyz"
        let directory = directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cache = WarmCache(directory: directory, apiHost: "api.ngrok.com", apiKey: key)
        #expect(cache.load() == nil)
        cache.saveBots(Fixtures.bots)
        // Still counting: ahead of now, within a window (whole seconds, as the file keeps them).
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        let window = [now + 30, now + 31]
        cache.saveRecentRequests(window)
        let loaded = try #require(cache.load())
        #expect(loaded.bots == Fixtures.bots)
        #expect(loaded.recentRequests == window)
        cache.saveBots(Array(Fixtures.bots.prefix(2)))
        #expect(cache.load()?.recentRequests == window, "a new list keeps the window")
        // Another run's requests join the record; what is spent, or impossibly far ahead, does not.
        let anotherRun = [now + 20, now - 5, now + 3600]
        cache.saveRecentRequests(anotherRun)
        #expect(cache.load()?.recentRequests == [anotherRun[0]] + window)
        let attributes = try FileManager.default.attributesOfItem(atPath: cache.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let text = try String(contentsOfFile: cache.path, encoding: .utf8)
        #expect(!text.contains(key))
        #expect(!cache.path.contains(key))
        let other = WarmCache(directory: directory, apiHost: "api.ngrok.com", apiKey: key + "x")
        #expect(other.path != cache.path && other.load() == nil, "one file per key")
    }

    @Test func aCachedListIsShownStaleAndReplacedByTheFreshOne() {
        var state = AppState(apiHost: "h", now: Fixtures.now)
        _ = reduce(&state, .cacheLoaded(CachedAccount(savedAt: Fixtures.now - 40, bots: Fixtures.bots)))
        #expect(state.bots.count == 5 && state.loads.cachedAt == Fixtures.now - 40 && state.loads.expectedBotCount == 5)
        #expect(render(state, Size(width: 120, height: 40)).line(0).contains("cached list from 40 s ago"))
        state.press("/")
        state.type("tokyo")
        #expect(state.visibleIDs == [Fixtures.bots[3].id], "searched at once")
        state.press("<Esc>")
        _ = reduce(&state, .start)
        // A name the last run did not have: those bots were searched; the fresh list may have it.
        state.press("/")
        state.type("nowhere")
        #expect(state.filterNote == "no match in the last run's 5 bots; checking the fresh list, 0 so far…")
        #expect(state.searchCaveat?.hasPrefix("the last run's 5 bots searched, the fresh list still loading") == true, "the list's words agree")
        state.press("<Esc>")
        _ = reduce(&state, .botsPage(generation: state.loads.generation, Array(Fixtures.bots.prefix(4))))
        _ = reduce(&state, .listFinished(generation: state.loads.generation, .bots))
        #expect(state.loads.cachedAt == nil)
        #expect(state.bots[Fixtures.bots[4].id] == nil, "gone from the server, gone from the screen")
    }

    // MARK: The disk is not trusted (#19.14)

    func cacheIn(_ directory: String) -> WarmCache { WarmCache(directory: directory, apiHost: "api.ngrok.com", apiKey: "2cacheTestKey_abc") }

    func makeDirectory(mode: mode_t = 0o700) throws -> String {
        let path = directory()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        chmod(path, mode)
        return path
    }

    @Test func aSymlinkAtTheCachePathIsNotReadAndNotWrittenThrough() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cache = cacheIn(directory)
        // A valid cache elsewhere: read through the link, it would be shown as this account's bots.
        let elsewhere = cacheIn(try makeDirectory())
        elsewhere.saveBots(Fixtures.bots)
        let victim = elsewhere.path
        let before = try Data(contentsOf: URL(fileURLWithPath: victim))
        symlink(victim, cache.path)
        #expect(cache.load() == nil, "a symlink is not followed")
        cache.saveBots(Array(Fixtures.bots.prefix(1)))
        #expect(try Data(contentsOf: URL(fileURLWithPath: victim)) == before, "nothing written through it")
        #expect(cache.load()?.bots.count == 1, "the link itself was replaced by a file of ours")
        // The temporary name a previous version used, planted as a link: not followed either.
        symlink(victim, cache.path + ".tmp-\(getpid())")
        cache.saveBots(Fixtures.bots)
        #expect(try Data(contentsOf: URL(fileURLWithPath: victim)) == before)
        #expect(cache.load()?.bots.count == Fixtures.bots.count)
    }

    @Test func aFIFOAtTheCachePathDoesNotHangTheLaunch() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cache = cacheIn(directory)
        mkfifo(cache.path, 0o600)
        let done = DispatchSemaphore(value: 0)
        let loaded = Loaded()
        Thread.detachNewThread {
            loaded.account.withLock { $0 = .some(cache.load()) }
            done.signal()
        }
        let finished = done.wait(timeout: .now() + 5) == .success
        if !finished {
            // Free the reader stuck in open(2) so the test process can go on.
            let writer = open(cache.path, O_WRONLY | O_NONBLOCK)
            if writer >= 0 { close(writer) }
        }
        #expect(finished, "load() waited on a FIFO")
        #expect(loaded.account.withLock { $0 } == .some(nil))
    }

    final class Loaded: Sendable {
        let account = Mutex<CachedAccount??>(nil)
    }

    @Test func aDirectoryOthersCanWriteIsNeitherReadNorWritten() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cache = cacheIn(directory)
        cache.saveBots(Fixtures.bots)
        chmod(directory, 0o770)
        #expect(cache.load() == nil, "someone else could have put it there")
        let before = try Data(contentsOf: URL(fileURLWithPath: cache.path))
        cache.saveBots(Array(Fixtures.bots.prefix(1)))
        #expect(try Data(contentsOf: URL(fileURLWithPath: cache.path)) == before)
        chmod(directory, 0o700)
        #expect(cache.load()?.bots == Fixtures.bots)
    }

    @Test func twoWritersNeverClobberOrInterleave() async throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = cacheIn(directory)
        let second = cacheIn(directory)
        // Another instance holds the lock: this one does not write, and says nothing.
        let held = open(first.path + ".lock", O_RDWR | O_CREAT, 0o600)
        #expect(flock(held, LOCK_EX) == 0)
        second.saveBots(Fixtures.bots)
        #expect(!FileManager.default.fileExists(atPath: second.path))
        close(held)
        second.saveBots(Fixtures.bots)
        #expect(first.load()?.bots == Fixtures.bots)
        // Both at once, many times: every read finds a whole file, and no temporary file is left.
        let lists = [Array(Fixtures.bots.prefix(2)), Array(Fixtures.bots.suffix(3))]
        await withTaskGroup(of: Void.self) { group in
            for (index, cache) in [first, second].enumerated() {
                group.addTask {
                    for _ in 0..<40 { cache.saveBots(lists[index]) }
                }
            }
            group.addTask {
                for _ in 0..<40 {
                    let bots = first.load()?.bots
                    #expect(bots.map { lists.contains($0) || $0 == Fixtures.bots } == true)
                }
            }
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    /// #19.6: a window saved by a run whose clock was an hour fast holds the next run back by at
    /// most one window, not an hour.
    @Test func aWindowSavedByAClockAnHourFastDelaysByAtMostOneWindow() async throws {
        // The record that run left, an hour ahead of this clock (saving drops such times now, but a
        // file written by an older version, or edited, may still hold them).
        let recorded = Array(repeating: Date() + 3600, count: 3)
        let harness = try await Harness(bots: 2) { configuration in
            configuration.recentRequests = recorded
            configuration.requestsPerWindow = 3
            configuration.window = .milliseconds(400)
            configuration.windowMargin = .milliseconds(100)
        }
        let started = ContinuousClock.now
        let answered = await withTaskGroup(of: Bool.self) { group in
            group.addTask { (try? await harness.client.whoAmI()) != nil }
            group.addTask {
                try? await Task.sleep(for: .seconds(10))
                return false
            }
            defer { group.cancelAll() }
            return await group.next() ?? false
        }
        #expect(answered, "the request waited for the clock's hour")
        #expect(ContinuousClock.now - started >= .milliseconds(400), "the recorded window still counted")
    }
}
