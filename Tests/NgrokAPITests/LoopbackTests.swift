import Foundation
import NgrokAPI
import Testing

/// Plain http is for this machine only, and "this machine" is decided from the URL's text alone.
@Suite("Which hosts may use plain http")
struct LoopbackTests {
    @Test(arguments: ["http://127.0.0.1:8080", "http://127.8.9.10", "http://[::1]:9000", "http://localhost:1", "http://LOCALHOST"])
    func loopbackLiteralsAndLocalhostAreAccepted(_ url: String) throws {
        try ClientConfiguration.validate(baseURL: URL(string: url)!)
    }

    @Test(arguments: ["http://127.0.0.1.evil.example", "http://127.evil.example", "http://localhost.evil.example",
                      "http://128.0.0.1", "http://[::2]", "http://api.ngrok.com", "http://10.0.0.1", "http://[::ffff:8.8.8.8]"])
    func namesThatMerelyLookLikeLoopbackAreRefused(_ url: String) {
        #expect(throws: NgrokError.self) { try ClientConfiguration.validate(baseURL: URL(string: url)!) }
    }

    @Test func httpsIsAcceptedAnywhere() throws {
        try ClientConfiguration.validate(baseURL: URL(string: "https://127.0.0.1.evil.example")!)
    }
}
