import NgrokAPI
import Testing

@Suite("YAML with the line of every key (for config check)")
struct LocatedYAMLNodeTests {
    @Test func keysAndValuesKeepTheirLines() throws {
        let root = try YAMLNode.located("# a comment\na: 1\nb:\n  c: [x,\n      y]\n")
        let pairs = try #require(root.pairs)
        #expect(pairs.map(\.key) == ["a", "b"])
        #expect(pairs.map(\.keyLine) == [2, 3])
        let inner = try #require(pairs[1].value.pairs)
        #expect(inner[0].keyLine == 4 && inner[0].value.line == 4)
        #expect(root.plain == (try YAMLNode.parse("a: 1\nb:\n  c: [x, y]\n")))
    }

    @Test func aMergedKeyKeepsTheLineItWasWrittenOn() throws {
        let root = try YAMLNode.located("base: &b\n  read_only: true\nprofiles:\n  lab:\n    <<: *b\n    api_url: https://x\n")
        let lab = try #require(root.pairs?[1].value.pairs?[0].value.pairs)
        // Where the `<<` stood, with the line it has in the mapping it came from.
        #expect(lab.map(\.key) == ["read_only", "api_url"])
        #expect(lab.map(\.keyLine) == [2, 6])
    }
}
