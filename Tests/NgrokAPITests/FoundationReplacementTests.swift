import Foundation
import NgrokAPI
import Testing

/// The admin binary does without Foundation's ICU-backed half (34 MB of a static binary), so a few
/// of its string functions are our own. Tests keep Foundation: each is checked against the original.
@Suite("What replaced Foundation's string functions does what they did")
struct FoundationReplacementTests {
    static let samples = [
        "", " ", "plain", "  both ends  ", "\t\ttabs\t", "\n\r\nlines\n", "\u{3000}ideographic\u{00A0}",
        "\u{2028}separators\u{2029}", "\u{85}next line\u{85}", " \u{301}combining", "mid dle", "ünïcödé é",
        "a/b c?d=e&f+g%h\"i'j#k", "😀 emoji 👩‍👩‍👧", "\u{200B}zero width\u{FEFF}", "~-._!$&'()*+,;=:@/",
    ]

    @Test(arguments: samples)
    func trimmingIsFoundations(_ text: String) {
        #expect(text.trimmed == text.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(text.trimmedOfSpaces == text.trimmingCharacters(in: .whitespaces))
    }

    @Test func trimmingDropsWhatFoundationDropsInTheWholeBMP() {
        for value in UInt32(0)..<0x10000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(Character(scalar)) + "x" + String(Character(scalar))
            #expect(text.trimmed == text.trimmingCharacters(in: .whitespacesAndNewlines), "U+\(String(value, radix: 16))")
            #expect(text.trimmedOfSpaces == text.trimmingCharacters(in: .whitespaces), "U+\(String(value, radix: 16))")
        }
    }

    @Test(arguments: samples)
    func percentEncodingIsFoundations(_ text: String) {
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        #expect(PercentEncoding.encode(text, allowing: PercentEncoding.isUnreserved)
                == text.addingPercentEncoding(withAllowedCharacters: unreserved))
        let segment = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))
        #expect(PercentEncoding.encode(text, allowing: PercentEncoding.isPathSegmentAllowed)
                == text.addingPercentEncoding(withAllowedCharacters: segment))
        let encoded = PercentEncoding.encode(text, allowing: PercentEncoding.isUnreserved)
        #expect(PercentEncoding.decode(encoded) == encoded.removingPercentEncoding)
        #expect(PercentEncoding.decode(encoded) == text)
    }

    @Test(arguments: ["%", "%4", "%zz", "%41%42", "a%2", "%C3%A9", "%C3", "%FF", "100%25", "+%20+"])
    func percentDecodingIsFoundations(_ text: String) {
        #expect(PercentEncoding.decode(text) == text.removingPercentEncoding)
    }

    @Test(arguments: [
        ("aaa", "a", "b"), ("aaaa", "aa", "x"), ("a_b_c", "_", "-"), ("", "a", "b"), ("abc", "abc", ""),
        ("key\u{301} and key", "key", "[k]"), ("e\u{301}e", "e", "E"), ("\\\"", "\\", "\\\\"), ("xyz", "q", "r"),
    ])
    func replacingIsFoundationsLiteralSearch(_ text: String, _ target: String, _ replacement: String) {
        #expect(text.replacingEvery(target, with: replacement)
                == text.replacingOccurrences(of: target, with: replacement, options: .literal))
    }

    /// Where it differs from Foundation's default search, on purpose: that one skips a match that a
    /// combining mark follows, so a key quoted before one stayed unredacted and a `"` before one
    /// went unescaped in a filter.
    @Test func aMatchACombiningMarkFollowsIsStillReplaced() {
        #expect("secret\u{301}".replacingEvery("secret", with: "[redacted]") == "[redacted]\u{301}")
        #expect("\"\u{301}".replacingEvery("\"", with: "\\\"") == "\\\"\u{301}")
    }

    /// The bodies the client sends were made with JSONSerialization; they are the same bytes now.
    @Test func requestBodiesAreWhatJSONSerializationMade() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(try encoder.encode(BotFields(name: "a/b \"é\"", active: true))
                == JSONSerialization.data(withJSONObject: ["name": "a/b \"é\"", "active": true], options: [.sortedKeys]))
        #expect(try encoder.encode(BotFields(active: false))
                == JSONSerialization.data(withJSONObject: ["active": false], options: [.sortedKeys]))
        let all = CredentialFields(ownerID: "bot_1", description: "d", metadata: "{\"m\":1}", acl: ["bind:x"], publicKey: "ssh-ed25519 A")
        let fields: [String: Any] = ["owner_id": "bot_1", "description": "d", "metadata": "{\"m\":1}", "acl": ["bind:x"],
                                     "public_key": "ssh-ed25519 A"]
        #expect(try encoder.encode(all) == JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]))
        #expect(try encoder.encode(CredentialFields(ownerID: "bot_1", description: ""))
                == JSONSerialization.data(withJSONObject: ["owner_id": "bot_1", "description": ""], options: [.sortedKeys]))
    }

    /// The simulator read bodies with `as? String`: a field of another type is as good as absent.
    @Test func requestFieldsOfAnotherTypeDecodeAsAbsent() throws {
        let bot = try JSONDecoder().decode(BotFields.self, from: Data(#"{"name": 3, "active": "yes", "x": null}"#.utf8))
        #expect(bot == BotFields())
        let credential = try JSONDecoder().decode(CredentialFields.self, from: Data(#"{"acl": "bind:x", "owner_id": "bot_1"}"#.utf8))
        #expect(credential == CredentialFields(ownerID: "bot_1"))
        #expect(throws: (any Error).self) { try JSONDecoder().decode(BotFields.self, from: Data("[1]".utf8)) }
    }
}
