@testable import BotBrowserEffects
import Foundation
import Testing

@Suite("The directory of a path, as NSString gave it")
struct ParentDirectoryTests {
    @Test(arguments: ["audit.jsonl", "/audit.jsonl", "/a/b/audit.jsonl", "a/b", "a/b/", "/a//b", "//a", "/", "", "./x", "../x/y"])
    func isNSStrings(_ path: String) {
        #expect(parentDirectory(of: path) == (path as NSString).deletingLastPathComponent)
    }
}
