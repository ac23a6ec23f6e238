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
}
