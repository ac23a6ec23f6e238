import NgrokAPI
import Testing

@Suite("YAML documents as a small tree (libyaml)")
struct YAMLNodeTests {
    func error(_ text: String) -> YAMLError? {
        do {
            _ = try YAMLNode.parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func aConfigWithProfiles() throws {
        let text = """
            # profiles
            profiles:
              prod:
                api_key: "k1"
                api_url: https://api.ngrok.com
              staging: {api_key: k2,
                        read_only: true}
            default: prod
            """
        let root = try YAMLNode.parse(text)
        #expect(root == .mapping([
            ("profiles", .mapping([
                ("prod", .mapping([("api_key", .scalar("k1")), ("api_url", .scalar("https://api.ngrok.com"))])),
                ("staging", .mapping([("api_key", .scalar("k2")), ("read_only", .scalar("true"))])),
            ])),
            ("default", .scalar("prod")),
        ]))
        #expect(root["profiles"]?["staging"]?["api_key"]?.scalar == "k2")
        #expect(root["profiles"]?.mapping?.map(\.0) == ["prod", "staging"])
        #expect(root["nothing"] == nil)
    }

    @Test func sequencesScalarsAndNulls() throws {
        #expect(try YAMLNode.parse("- a\n- 'b c'\n- [1, 2]\n") == .sequence([.scalar("a"), .scalar("b c"), .sequence([.scalar("1"), .scalar("2")])]))
        #expect(try YAMLNode.parse("a: ~\nb: null\nc:\nd: 'null'\ne: !!null x\n") == .mapping([
            ("a", .scalar("")), ("b", .scalar("")), ("c", .scalar("")), ("d", .scalar("null")), ("e", .scalar("")),
        ]))
        #expect(try YAMLNode.parse("") == .scalar(""))
        #expect(try YAMLNode.parse("# nothing\n") == .scalar(""))
        #expect(try YAMLNode.parse("just text") == .scalar("just text"))
        #expect(try YAMLNode.parse("text: |\n  two\n  lines\n")["text"] == .scalar("two\nlines\n"))
    }

    @Test func aliasesAndMergeKeys() throws {
        let text = """
            base: &base {a: 1, b: 2}
            more: &more {b: 3, c: 4}
            one: {<<: *base, a: 10}
            list: {<<: [*more, *base], z: 0}
            copy: *base
            """
        let root = try YAMLNode.parse(text)
        #expect(root["one"] == .mapping([("b", .scalar("2")), ("a", .scalar("10"))]))
        #expect(root["list"] == .mapping([("b", .scalar("3")), ("c", .scalar("4")), ("a", .scalar("1")), ("z", .scalar("0"))]))
        #expect(root["copy"] == root["base"])
        #expect(try YAMLNode.parse("a: &x 1\nb: *x\n\"<<\": *x\n")["<<"] == .scalar("1"))
    }

    @Test func errorsNameTheLine() {
        #expect(error("a: 1\nb: c: d\n")?.line == 2)
        #expect(error("a: 1\nb: [1,\n  2\n")?.line ?? 0 >= 3)
        #expect(error("a: 1\nb: 2\na: 3\n") == YAMLError(line: 3, message: "a key given twice in one mapping"))
        #expect(error("a: 1\n---\nb: 2\n") == YAMLError(line: 3, message: "more than one YAML document"))
        #expect(error("a: 1\nb: *missing\n")?.line == 2)
        #expect(error("a: 1\nb: x\u{7}y\n")?.line == 2)
        #expect(error("a:\n\tb: 1\n")?.message.contains("tab") == true)
        #expect(error("a: {<<: 1}\n")?.line == 1)
    }

    @Test func hostileDocumentsAreErrorsNotCrashes() {
        // Each level doubles the one before: 2^30 nodes, unless the reader stops.
        var laughs = "a0: &a0 [x, x]\n"
        for level in 1...30 { laughs += "a\(level): &a\(level) [*a\(level - 1), *a\(level - 1)]\n" }
        #expect(error(laughs)?.message.contains("expand") == true)
        #expect(error(String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)) != nil)
        // An alias inside the node it names, if libyaml lets one through, must not recurse forever.
        _ = error("a: &x [*x]\n")
        _ = error("&x {a: *x}\n")
    }
}
