import Foundation
import NgrokAPI
import Testing

@Suite("Ids, rate limit specs and filters")
struct SmallValueTests {
    @Test func onlyACompleteIDIsLookedUp() {
        let body = String(repeating: "a", count: 27)
        #expect(ObjectID.guess("ak_" + body) == .credential(.apiKey))
        #expect(ObjectID.guess("cr_" + body) == .credential(.authtoken))
        #expect(ObjectID.guess("sshcr_" + body) == .credential(.sshCredential))
        #expect(ObjectID.guess("bot_" + body) == .bot)
        #expect(ObjectID.guess("ak_" + body.dropLast()) == nil, "still being typed")
        #expect(ObjectID.guess("ak_" + body + "a") == nil)
        #expect(ObjectID.guess("ak_" + body.dropLast() + "-") == nil)
        #expect(ObjectID.guess("usr_" + body) == nil, "a person is not looked up as an object")
        #expect(ObjectID.guess("deploy key") == nil)
    }

    @Test func rateLimitSpecs() {
        #expect(RateLimitSpec("120/60s") == RateLimitSpec(requests: 120, window: .seconds(60)))
        #expect(RateLimitSpec("600/5m") == RateLimitSpec(requests: 600, window: .seconds(300)))
        #expect(RateLimitSpec("5/1500ms") == RateLimitSpec(requests: 5, window: .milliseconds(1500)))
        for bad in ["120", "0/60s", "120/60", "x/60s", "120/-1s", "120/60h"] {
            #expect(RateLimitSpec(bad) == nil, "\(bad)")
        }
        #expect(RateLimitSpec(requests: 120, window: .seconds(60)).description == "120/60s")
    }

    @Test func anyTextStaysOneCELString() {
        #expect(CredentialFilter.descriptionContains("plain").cel == #"obj.description.contains("plain")"#)
        #expect(CredentialFilter.descriptionContains(#"a "quoted" \ path"#).cel == #"obj.description.contains("a \"quoted\" \\ path")"#)
        // A would-be injection stays inside the string.
        #expect(CredentialFilter.descriptionContains(#"") || true || (""#).cel == #"obj.description.contains("\") || true || (\"")"#)
    }
}
