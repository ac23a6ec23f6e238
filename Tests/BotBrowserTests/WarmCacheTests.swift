import BotBrowser
import BotBrowserEffects
import Foundation
import NgrokAPI
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
        let window = [Fixtures.now + 30, Fixtures.now + 31]
        cache.saveRecentRequests(window)
        let loaded = try #require(cache.load())
        #expect(loaded.bots == Fixtures.bots)
        #expect(loaded.recentRequests == window)
        cache.saveBots(Array(Fixtures.bots.prefix(2)))
        #expect(cache.load()?.recentRequests == window, "a new list keeps the window")
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
        _ = reduce(&state, .botsPage(generation: state.generation, Array(Fixtures.bots.prefix(4))))
        _ = reduce(&state, .listFinished(generation: state.generation, .bots))
        #expect(state.loads.cachedAt == nil)
        #expect(state.bots[Fixtures.bots[4].id] == nil, "gone from the server, gone from the screen")
    }
}
