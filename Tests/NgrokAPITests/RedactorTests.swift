import Foundation
import NgrokAPI
import Testing

@Suite("The redactor")
struct RedactorTests {
    @Test(arguments: ["k", "k7SeCrT", "a-much-longer-key_0123456789"])
    func everyLengthOfKeyIsRedacted(_ key: String) {
        let redactor = Redactor(secrets: [key])
        #expect(redactor.redact("server says [\(key)] is wrong") == "server says [\(Redactor.mask)] is wrong")
    }

    @Test func theFormsAKeyTakesInsideDescriptionsAreRedacted() {
        let key = "key\"with\\quote"
        let redactor = Redactor(secrets: [key])
        let described = String(describing: ["Bearer \(key)"])  // ["Bearer key\"with\\quote"]
        #expect(!redactor.redact(described).contains("with"), "\(redactor.redact(described))")
        let json = String(decoding: try! JSONEncoder().encode(["k": key]), as: UTF8.self)
        #expect(!redactor.redact(json).contains("with"))
    }

    @Test func redactingComesBeforeCutting() {
        let key = "0123456789abcdefghijklmnopqrstuvwxyz"
        let text = String(repeating: "x", count: Redactor.maxMessageLength - 5) + key
        let shown = Redactor(secrets: [key]).redactAndTruncate(text)
        #expect(!shown.contains("01234"))
        #expect(shown.count <= Redactor.maxMessageLength + 1)
    }

    // MARK: A key written so the screen would join it back together (issue 19, item 11)

    static let key = "2sEcReTkEy_0123456789abcdefSECRET"

    @Test(arguments: ["\u{200B}", "\u{0001}", "\n", "\r\n", "\u{202E}", "\u{FEFF}", "\u{00AD}", "\u{2060}"])
    func aKeySplitByWhatTheScreenDropsIsRedacted(_ invisible: String) {
        let split = String(Self.key.prefix(10)) + invisible + String(Self.key.dropFirst(10))
        let shown = Redactor(secrets: [Self.key]).redact("name: \(split) (ok)")
        #expect(shown == "name: \(Redactor.mask) (ok)", "\(shown.debugDescription)")
        // What the screen would draw of it (invisible characters dropped) holds no part of the key either.
        #expect(!String(shown.unicodeScalars.filter { $0.properties.generalCategory != .format && $0.value >= 0x20 }).contains("0123456789"))
    }

    @Test func aKeyPercentEncodedInEitherCaseIsRedacted() {
        let redactor = Redactor(secrets: [Self.key])
        for separator in ["%5f", "%5F"] {
            let encoded = Self.key.replacingOccurrences(of: "_", with: separator)
            #expect(redactor.redact("GET /x?k=\(encoded)&a=1") == "GET /x?k=\(Redactor.mask)&a=1")
        }
        let everyCharacter = Self.key.utf8.map { String(format: "%%%02x", $0) }.joined()
        #expect(redactor.redact(everyCharacter) == Redactor.mask)
    }

    @Test func textWithoutTheKeyIsLeftAsItIs() {
        let text = "de\u{200B}ploy %5F 2sEcReTkEy_0123 \u{0001}"
        #expect(Redactor(secrets: [Self.key]).redact(text) == text)
    }

    @Test func aNameOrDescriptionFromTheServerIsRedactedAsItIsRead() throws {
        let hidden = String(Self.key.prefix(5)) + "\u{200B}" + String(Self.key.dropFirst(5))
        let json = #"{"id":"bot_1","uri":"","name":"\#(hidden)","active":true,"created_at":"2026-01-01T00:00:00Z"}"#
        let decoder = APIJSON.decoder()
        decoder.userInfo[Redactor.userInfoKey] = Redactor(secrets: [Self.key])
        let bot = try decoder.decode(BotUser.self, from: Data(json.utf8))
        #expect(bot.name == Redactor.mask)
        let credential = #"{"id":"ak_1","uri":"","description":"leak \#(Self.key)","metadata":"\#(hidden)","created_at":"2026-01-01T00:00:00Z"}"#
        let decoded = try decoder.decode(Credential.self, from: Data(credential.utf8))
        #expect(decoded.description == "leak \(Redactor.mask)")
        #expect(decoded.metadata == Redactor.mask)
    }
}
