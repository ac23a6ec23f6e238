import NgrokAPI
import Testing

/// The ngrok.yml reader reads the file as YAML (libyaml): `api_key` where ngrok puts it, and a file
/// that is not YAML is refused, naming the line but never quoting it.
@Suite("Reading api_key from the agent's ngrok.yml")
struct AgentConfigReaderTests {
    func key(_ yaml: String) throws(NgrokError) -> String? {
        try APIKeySource.apiKey(inAgentConfig: yaml)
    }

    /// The message of the error a file gives, or nil when it gives none.
    func refusal(_ yaml: String) -> String? {
        do {
            _ = try key(yaml)
            return nil
        } catch {
            guard case .invalidAPIKey(let message) = error else { return "unexpected \(error)" }
            return message
        }
    }

    @Test func quotedKeys() throws {
        #expect(try key("agent:\n  api_key: \"dq_key\"\n") == "dq_key")
        #expect(try key("agent:\n  api_key: 'sq_key'\n") == "sq_key")
        #expect(try key("api_key: 'it''s'\n") == "it's")
        #expect(try key("api_key: \"ab\\x63\\u0064\"\n") == "abcd")
        #expect(try key("agent:\n  \"api_key\": quoted_name\n") == "quoted_name")
        #expect(try key("api_key: \"  padded  \"\n") == "padded")
        #expect(try key("api_key: \"\"\n") == nil)
    }

    @Test func comments() throws {
        #expect(try key("# my config\nagent:\n  # the admin key\n  api_key: abc # prod\n") == "abc")
        #expect(try key("api_key: abc#def\n") == "abc#def")
        #expect(try key("api_key: \"abc\" # quoted, then a comment\n") == "abc")
        #expect(try key("agent:\n  # api_key: commented_out\n  authtoken: tok\n") == nil)
        #expect(try key("api_key: # nothing but a comment\n") == nil)
    }

    @Test func indentation() throws {
        #expect(try key("agent:\n    authtoken: tok\n    api_key: four_spaces\n") == "four_spaces")
        #expect(try key("  version: 2\n  api_key: indented_root\n") == "indented_root")
        #expect(refusal("agent:\n    authtoken: tok\n  api_key: between_levels\n")?.contains("ngrok.yml:3:") == true)
        #expect(refusal("  version: 2\napi_key: less_indented\n")?.contains("ngrok.yml:2:") == true)
    }

    @Test func aKeyInAnotherSectionIsNotTheAgentsKey() throws {
        #expect(try key("tunnels:\n  web:\n    api_key: not_this\n    proto: http\n") == nil)
        #expect(try key("endpoints:\n- name: web\n  api_key: not_this\n") == nil)
        #expect(try key("agent:\n  extra:\n    api_key: not_this\n  authtoken: tok\n") == nil)
        #expect(try key("agent:\n  - api_key: not_this\n") == nil)
        #expect(try key("notes: |\n  api_key: not_this\napi_key: this\n") == "this")
        #expect(try key("agent:\n  motd: >-\n    api_key: not_this\n  api_key: this\n") == "this")
        #expect(try key("tunnels: {web: {api_key: not_this}}\n") == nil)
    }

    @Test func version3WinsAndAnEmptyOneFallsBack() throws {
        #expect(try key("api_key: v2key\nagent:\n  api_key: v3key\n") == "v3key")
        #expect(try key("api_key: v2key\nagent:\n  api_key: ''\n") == "v2key")
        #expect(try key("agent:\napi_key: v2key\n") == "v2key")
        #expect(try key("agent: none\napi_key: v2key\n") == "v2key")
        #expect(try key("api_key: ~\n") == nil)
    }

    @Test func crlfAndAByteOrderMark() throws {
        #expect(try key("version: \"3\"\r\nagent:\r\n  api_key: crlf_key\r\n") == "crlf_key")
        #expect(try key("\u{FEFF}---\napi_key: bom_key\n") == "bom_key")
    }

    @Test func tabs() throws {
        #expect(try key("agent:\n  api_key:\ttab_separated\t# comment\n") == "tab_separated")
        let message = refusal("agent:\n\tapi_key: tab_indented\n")
        #expect(message?.contains("ngrok.yml:2:") == true, "\(message ?? "")")
        #expect(message?.contains("tab") == true)
        #expect(message?.contains("tab_indented") == false)
    }

    @Test func anchorsAndAliases() throws {
        #expect(try key("shared: &k aliased_key\nagent:\n  api_key: *k\n") == "aliased_key")
        #expect(try key("base: &base\n  api_key: from_an_alias\nagent: *base\n") == "from_an_alias")
        #expect(try key("agent:\n  api_key: &anchored anchored_key\n  other: *anchored\n") == "anchored_key")
    }

    @Test func mergeKeys() throws {
        let base = "base: &base\n  api_key: merged_key\n  authtoken: tok\n"
        #expect(try key(base + "agent:\n  <<: *base\n  authtoken: own\n") == "merged_key")
        #expect(try key(base + "agent:\n  api_key: own_key\n  <<: *base\n") == "own_key")
        // From a list of mappings the earlier one wins.
        #expect(try key(base + "other: &other {api_key: other_key}\nagent:\n  <<: [*other, *base]\n") == "other_key")
        // A quoted "<<" is an ordinary key.
        #expect(try key(base + "agent:\n  \"<<\": *base\n") == nil)
    }

    @Test func flowMappingsOverSeveralLines() throws {
        #expect(try key("agent: {authtoken: tok,\n  api_key: flow_key}\n") == "flow_key")
        #expect(try key("{version: \"3\",\n agent: {api_key: \"json_like\"}}\n") == "json_like")
    }

    /// What the hand-written reader refused as too involved is ordinary YAML, read as YAML.
    @Test(arguments: [
        ("api_key: &anchor anchored\n", "anchored"), ("api_key: !!str tagged\n", "tagged"),
        ("agent: {api_key: flow}\n", "flow"), ("api_key: |\n  block\n", "block"),
        ("api_key: multi\n  line\n", "multi line"), ("api_key:\n  next_line\n", "next_line"),
        ("name: \"open\napi_key: inside_a_string\"\n", nil), ("tunnels: [web,\n  api_key: inside_brackets]\n", nil),
        ("{\"api_key\": \"json\"}\n", "json"), ("just some words\n", nil),
    ] as [(String, String?)])
    func involvedYAMLIsRead(_ yaml: String, _ expected: String?) throws {
        #expect(try key(yaml) == expected)
    }

    /// Every value in these files starts `zq`, so the test can see that no message quotes one.
    @Test(arguments: [
        "api_key: *zqAlias\n", "agent:\n  <<: *zqDefaults\n", "api_key: zqOne\napi_key: zqTwo\n",
        "---\napi_key: zqOne\n---\napi_key: zqTwo\n", "api_key: zqA: zqB\n", "agent:\n  api_key: [zqUnclosed\n",
        "agent:\n  api_key: \"zqUnclosed\n", "agent: {api_key: zqUnclosed\n", "%YAML 9.9\n---\napi_key: zqK\n",
        "agent:\n  api_key: zq\u{1}Control\n", "agent:\n  <<: zqNotAMapping\n", "? [zqComplex]\n: zqKey\n",
    ])
    func whatIsNotYAMLIsRefusedWithItsLine(_ yaml: String) throws {
        let message = try #require(refusal(yaml))
        #expect(message.contains("cannot read the ngrok agent config ngrok.yml:"), "\(message)")
        #expect(message.contains("not valid YAML"), "\(message)")
        #expect(message.contains("NGROK_API_KEY"))
        #expect(!message.contains("zq"), "\(message)")
    }

    @Test func aFileThatIsNotYAMLNamesTheLine() throws {
        #expect(refusal("version: \"3\"\nagent:\n  api_key: key_123\n  authtoken: a: b\n")?.contains("ngrok.yml:4:") == true)
        #expect(refusal("agent:\n  authtoken: tok\n  api_key: key_123\n  api_key: key_456\n")?.contains("ngrok.yml:4:") == true)
        #expect(refusal("agent:\n  authtoken: tok\n  api_key: bad\u{1}byte\n")?.contains("ngrok.yml:3:") == true)
        #expect(refusal("agent:\r\n  authtoken: tok\r\n  api_key: *nowhere\r\n")?.contains("ngrok.yml:3:") == true)
        let message = try #require(refusal("version: \"3\"\nagent:\n  api_key: key_123\n  - item\n"))
        #expect(message.hasPrefix("cannot read the ngrok agent config ngrok.yml:4: it is not valid YAML ("), "\(message)")
    }

    @Test func aListOrScalarFileHasNoKey() throws {
        #expect(try key("- api_key: in_a_list\n") == nil)
        #expect(try key("") == nil)
        #expect(try key("# only a comment\n\n") == nil)
    }

    /// Hostile text: mangled configs must give a key, nil or an error, never a crash or a hang.
    @Test func mangledConfigsNeverCrash() {
        let base = Array("version: \"3\"\nagent:\n  authtoken: 'tok'\n  api_key: \"k\\x41y\" # c\ntunnels:\n  - {a: [1, \"2\"]}\n  - |\n    text\n".unicodeScalars)
        let alphabet = Array("\"'[]{}:#-|>&*!\\ \t\r\n\u{FEFF}\u{0}xé%".unicodeScalars)
        var seed: UInt64 = 0x9E3779B97F4A7C15
        func next(_ bound: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(bound))
        }
        for _ in 0..<3000 {
            var text = base
            for _ in 0..<(1 + next(4)) {
                switch next(3) {
                case 0: text.insert(alphabet[next(alphabet.count)], at: next(text.count + 1))
                case 1: if !text.isEmpty { text.remove(at: next(text.count)) }
                default: if !text.isEmpty { text[next(text.count)] = alphabet[next(alphabet.count)] }
                }
            }
            var string = ""
            string.unicodeScalars.append(contentsOf: text)
            _ = try? key(string)
        }
    }
}
