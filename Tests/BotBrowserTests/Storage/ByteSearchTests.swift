@testable import BotBrowser
import Testing

/// The filter's byte search against the plain definition of "contains", on texts made of few
/// letters so that near-misses (the anchor byte found, the rest different) are common.
struct ByteSearchTests {
    private static func naiveFirstOffset(_ needle: [UInt8], _ haystack: [UInt8]) -> Int? {
        if needle.isEmpty { return 0 }
        guard haystack.count >= needle.count else { return nil }
        return (0...(haystack.count - needle.count)).first { Array(haystack[$0..<($0 + needle.count)]) == needle }
    }

    @Test func everyAnchorFindsWhatAPlainScanFinds() {
        var generator = seededGenerator()
        let alphabet = Array("ab0_k".utf8)
        for _ in 0..<3_000 {
            let haystack = (0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let needle = (0..<Int.random(in: 1...5, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let expected = Self.naiveFirstOffset(needle, haystack)
            for anchor in needle.indices {
                #expect(ByteSearch.firstOffset(of: needle, in: haystack, anchor: anchor) == expected,
                        "\(String(decoding: needle, as: UTF8.self)) in \(String(decoding: haystack, as: UTF8.self)) anchored at \(anchor)")
            }
        }
    }

    @Test func theAnchorIsTheRarestByte() {
        #expect(ByteSearch.anchor(of: Array("ak_000".utf8)) == 1)
        #expect(ByteSearch.anchor(of: Array("000z".utf8)) == 3)
    }

    @Test func aMissingPairRulesATextOutAndAPresentOneDoesNot() {
        let blob = SearchBlob(Array("credential for deploys".utf8))
        #expect(blob.contains(Needle(Array("deploy".utf8))))
        #expect(!blob.contains(Needle(Array("io".utf8))))
        #expect(!blob.pairs.mayContain(BytePairs(Array("zq".utf8))))
        #expect(blob.pairs.mayContain(BytePairs(Array("ploy".utf8))))
    }

    @Test func aMatchNamesTheTextItIsIn() {
        var blob = SearchBlob(Array("first".utf8))
        blob.append(Array("second".utf8))
        let at = ByteSearch.firstOffset(of: Array("cond".utf8), in: blob.bytes)
        #expect(at.flatMap(blob.textIndex(at:)) == 1)
    }
}
