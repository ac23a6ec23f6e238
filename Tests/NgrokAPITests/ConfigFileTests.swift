import Foundation
import NgrokAPI
import Testing

@Suite("config.yml: defaults, profiles, and every mistake with its line")
struct ConfigFileTests {
    let path = "/home/u/.config/ngrok-bots/config.yml"

    func parse(_ text: String) -> (ConfigFile, [ConfigIssue]) {
        ConfigFile.parse(text, path: path, home: "/home/u")
    }

    static let example = """
        default_profile: prod
        read_only: true
        rate_limit: 100/60s
        profiles:
          prod:
            api_key_command: pass show ngrok/prod
            production: true
          staging:
            api_key_env: NGROK_STAGING_API_KEY
          lab:
            api_key_file: ~/.config/ngrok-bots/lab.key
            api_url: http://127.0.0.1:4040
            rate_limit: 60/60s
            read_only: false
            audit_log: ~/lab-audit.jsonl
        """

    @Test func theREADMEExampleReadsCleanly() {
        let (file, issues) = parse(Self.example)
        #expect(issues.isEmpty, "\(issues)")
        #expect(file.defaultProfile == "prod")
        #expect(file.profiles.map(\.name) == ["prod", "staging", "lab"])
        let lab = file.profile(named: "lab")
        #expect(lab?.key == .file("/home/u/.config/ngrok-bots/lab.key"))
        #expect(lab?.auditLog == "/home/u/lab-audit.jsonl")
        #expect(lab?.rateLimit == RateLimitSpec(requests: 60, window: .seconds(60)))
        #expect(file.profile(named: "prod")?.key == .command("pass show ngrok/prod"))
        #expect(file.profile(named: "staging")?.key == .environment("NGROK_STAGING_API_KEY"))
    }

    @Test func aProfileOverridesTheTopLevelDefaults() throws {
        let (file, _) = parse(Self.example)
        let lab = try file.select("lab", requestedBy: "--profile")
        #expect(lab.name == "lab")
        #expect(lab.settings.readOnly == false) // its own false beats the top-level true
        #expect(lab.settings.rateLimit == RateLimitSpec(requests: 60, window: .seconds(60)))
        let staging = try file.select("staging", requestedBy: "--profile")
        #expect(staging.settings.readOnly == true) // from the top level
        #expect(staging.settings.rateLimit == RateLimitSpec(requests: 100, window: .seconds(60)))
        #expect(staging.settings.production == nil)
    }

    @Test func defaultProfileIsUsedWhenNoneIsAsked() throws {
        let (file, _) = parse(Self.example)
        let chosen = try file.select(nil, requestedBy: "--profile")
        #expect(chosen.name == "prod")
        #expect(chosen.settings.production == true)
        let (noDefault, _) = parse("read_only: true\nprofiles:\n  a: {api_url: https://example.com}\n")
        let none = try noDefault.select(nil, requestedBy: "--profile")
        #expect(none.name == nil && none.settings.readOnly == true && none.settings.apiURL == nil)
    }

    @Test func anUnknownProfileListsTheKnownOnes() {
        let (file, _) = parse(Self.example)
        #expect(throws: ConfigFile.SelectionError.self) { try file.select("prd", requestedBy: "NGROK_BOTS_PROFILE") }
        do {
            _ = try file.select("prd", requestedBy: "NGROK_BOTS_PROFILE")
        } catch {
            #expect(error.description.hasPrefix("NGROK_BOTS_PROFILE names \"prd\""))
            #expect(error.description.contains("known profiles: prod, staging, lab"))
        }
    }

    @Test func aProfileKeySourceReplacesTheDefaultOne() throws {
        let (file, issues) = parse("api_key_command: pass show ngrok\nprofiles:\n  a:\n    api_key_env: A_KEY\n  b: {}\n")
        #expect(issues.isEmpty)
        #expect(try file.select("a", requestedBy: "--profile").settings.key == .environment("A_KEY"))
        #expect(try file.select("b", requestedBy: "--profile").settings.key == .command("pass show ngrok"))
    }

    @Test func everyMistakeIsReportedWithItsLine() {
        let text = """
            default_profile: nope
            read_ony: true
            profiles:
              prod:
                api_key_env: PROD_KEY
                api_key_file: /k
                production: yes please
                rate_limit: fast
              lab:
                api_url: ftp://example.com
                audit_log: [a, b]
              broken: 7
            """
        let (_, issues) = parse(text)
        let places = issues.map { "\($0.line ?? 0): \($0.message)" }
        #expect(issues.allSatisfy { $0.severity == .error && $0.path == path })
        #expect(issues.map(\.line) == [1, 2, 6, 7, 8, 10, 11, 12], "\(places)")
        #expect(places[0].contains("default_profile names \"nope\", which is not a profile; known profiles: prod, lab"))
        #expect(places[1].contains("unknown key \"read_ony\""))
        #expect(places[2].contains("api_key_file and api_key_env in profile \"prod\""))
        #expect(places[3].contains("production must be true or false"))
        #expect(places[4].contains("rate_limit must be requests per window"))
        #expect(places[5].contains("api_url must be an http or https URL"))
        #expect(places[6].contains("audit_log must be text"))
        #expect(places[7].contains("profile \"broken\" must be a mapping"))
        #expect(issues[1].description == "\(path):2: unknown key \"read_ony\" (known: api_key_env, api_key_file, api_key_command, "
                + "api_url, read_only, audit_log, rate_limit, production, profiles, default_profile)")
    }

    @Test func invalidYAMLIsOneIssueOnItsLine() {
        let (_, issues) = parse("profiles:\n  prod:\n    api_key_env: [unclosed\n")
        #expect(issues.count == 1)
        #expect(issues.first?.line == 4 || issues.first?.line == 3)
        #expect(issues.first?.message.hasPrefix("not valid YAML") == true)
    }

    @Test func anEmptyFileIsNoSettings() throws {
        let (file, issues) = parse("# nothing yet\n")
        #expect(issues.isEmpty && file.profiles.isEmpty)
        #expect(try file.select(nil, requestedBy: "--profile") == ConfigFile.Selection(name: nil, settings: ProfileSettings()))
    }

    @Test func keyFilesThatCannotBeReadOrAreOpenAreFlagged() throws {
        let directory = NSTemporaryDirectory() + "ngrok-bots-config-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let open = directory + "/open.key"
        try "somekey123\n".write(toFile: open, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: open)
        let text = "profiles:\n  a:\n    api_key_file: \(open)\n  b:\n    api_key_file: \(directory)/missing.key\n  c:\n    api_key_env: UNSET_KEY\n"
        let (file, issues) = parse(text)
        #expect(issues.isEmpty)
        let checked = file.keySourceIssues(environment: [:])
        #expect(checked.map(\.line) == [3, 5, 7])
        #expect(checked.map(\.severity) == [.warning, .error, .warning])
        #expect(checked[0].description.contains(":3: warning: api_key_file \(open) is readable by others (mode 644)"))
        #expect(checked[1].message.contains("cannot be read"))
        #expect(file.keySourceIssues(environment: ["UNSET_KEY": "x"]).count == 2)
    }
}
