import Foundation
import NgrokAPI
import Testing

@Suite("Where the API key comes from")
struct APIKeySourceTests {
    let home: String

    init() throws {
        home = NSTemporaryDirectory() + "ngrok-bots-home-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    }

    @Test func environmentWins() throws {
        let found = try APIKeySource(environment: ["NGROK_API_KEY": " envkey123456 \n"], apiKeyFile: "/nonexistent", homeDirectory: home).resolve()
        #expect(found.key == "envkey123456")
        #expect(found.origin == "NGROK_API_KEY")
    }

    @Test func keyFileWithLoosePermissionsWarns() throws {
        let path = home + "/key"
        try "filekey123456\n".write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let found = try APIKeySource(environment: [:], apiKeyFile: path, homeDirectory: home).resolve()
        #expect(found.key == "filekey123456")
        #expect(found.warnings.count == 1)
        #expect(!found.warnings[0].contains("filekey123456"))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        #expect(try APIKeySource(environment: [:], apiKeyFile: path, homeDirectory: home).resolve().warnings.isEmpty)
    }

    @Test func agentConfigVersion3AndVersion2() throws {
        #expect(try APIKeySource.apiKey(inAgentConfig: "version: \"3\"\nagent:\n  authtoken: tok\n  api_key: v3key\n") == "v3key")
        #expect(try APIKeySource.apiKey(inAgentConfig: "version: \"2\"\nauthtoken: tok\napi_key: v2key\n") == "v2key")
        #expect(try APIKeySource.apiKey(inAgentConfig: "version: \"3\"\nagent:\n  authtoken: tok\n") == nil)
    }

    @Test func aMalformedAgentConfigNamesTheFileAndLineButNotTheKey() throws {
        let directory = home + "/.config/ngrok"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "version: \"3\"\nagent:\n  api_key: yamlKEY_123456\n  authtoken: [unclosed\n".write(
            toFile: directory + "/ngrok.yml", atomically: true, encoding: .utf8)
        do {
            _ = try APIKeySource(environment: [:], homeDirectory: home).resolve()
            Issue.record("a malformed ngrok.yml was ignored")
        } catch {
            #expect(error.summary.contains(directory + "/ngrok.yml:"), "\(error.summary)")
            #expect(error.summary.contains("not valid YAML"))
            #expect(!error.summary.contains("yamlKEY_123456"))
            #expect(error != .missingAPIKey(APIKeySource.missingKeyMessage))
        }
    }

    @Test func aKeyFileMayHoldCommentLinesAfterTheKey() throws {
        let path = home + "/key"
        try "\n  fileKEY_abcdef  \n# prod key\n\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try APIKeySource(environment: [:], apiKeyFile: path, homeDirectory: home).resolve().key == "fileKEY_abcdef")
    }

    @Test func aKeyFileMayStartWithAByteOrderMark() throws {
        let path = home + "/key"
        try Data([0xEF, 0xBB, 0xBF] + Array("bomKEY_abcdef\r\n".utf8)).write(to: URL(fileURLWithPath: path))
        #expect(try APIKeySource(environment: [:], apiKeyFile: path, homeDirectory: home).resolve().key == "bomKEY_abcdef")
    }

    @Test func aKeyFileWithASecondLineIsRefusedWithoutQuotingIt() throws {
        let path = home + "/key"
        try "fileKEY_abcdef\nprod key\n".write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try APIKeySource(environment: [:], apiKeyFile: path, homeDirectory: home).resolve()
            Issue.record("a second line was accepted as part of the key")
        } catch {
            guard case .invalidAPIKey(let message) = error else { Issue.record("\(error)"); return }
            #expect(message.contains("line 2"))
            #expect(!message.contains("fileKEY"))
        }
    }

    @Test(arguments: ["ctrlKEY\u{01}abc", "tabKEY\tabc", "spaceKEY abc", "nonASCIIKEY\u{e9}abc", "escKEY\u{1b}[2Jabc"])
    func aKeyWithAnUnprintableCharacterIsRefusedWithoutQuotingIt(_ key: String) throws {
        do {
            _ = try APIKeySource(environment: ["NGROK_API_KEY": key], homeDirectory: home).resolve()
            Issue.record("accepted an unprintable key")
        } catch {
            guard case .invalidAPIKey(let message) = error else { Issue.record("\(error)"); return }
            #expect(message.contains("NGROK_API_KEY"))
            #expect(!message.contains("KEY\u{01}") && !message.contains(String(key.prefix(6))))
        }
    }

    @Test func aKeyFileMayBeAPipe() throws {
        let path = home + "/key-pipe"
        #expect(mkfifo(path, 0o600) == 0)
        let writer = Thread {
            let fd = open(path, O_WRONLY)
            let text = "pipeKEY_abcdef\n"
            _ = text.withCString { write(fd, $0, strlen($0)) }
            close(fd)
        }
        writer.start()
        let found = try APIKeySource(environment: [:], apiKeyFile: path, homeDirectory: home).resolve()
        #expect(found.key == "pipeKEY_abcdef")
        #expect(found.warnings.isEmpty)
    }

    @Test func agentConfigInXDGConfigHome() throws {
        let xdg = home + "/xdg"
        try FileManager.default.createDirectory(atPath: xdg + "/ngrok", withIntermediateDirectories: true)
        try "agent:\n  api_key: xdgkey\n".write(toFile: xdg + "/ngrok/ngrok.yml", atomically: true, encoding: .utf8)
        let found = try APIKeySource(environment: ["XDG_CONFIG_HOME": xdg], homeDirectory: home).resolve()
        #expect(found.key == "xdgkey")
        #expect(found.origin.hasSuffix("ngrok/ngrok.yml"))
    }

    @Test func legacyNgrok2Location() throws {
        try FileManager.default.createDirectory(atPath: home + "/.ngrok2", withIntermediateDirectories: true)
        try "api_key: oldkey\n".write(toFile: home + "/.ngrok2/ngrok.yml", atomically: true, encoding: .utf8)
        #expect(try APIKeySource(environment: [:], homeDirectory: home).resolve().key == "oldkey")
    }

    @Test func noKeyAnywhereExplainsWhereToPutOne() {
        #expect(throws: NgrokError.missingAPIKey(APIKeySource.missingKeyMessage)) {
            try APIKeySource(environment: [:], homeDirectory: home).resolve()
        }
        #expect(APIKeySource.missingKeyMessage.contains("NGROK_API_KEY"))
        #expect(APIKeySource.missingKeyMessage.contains("--api-key-file"))
        #expect(APIKeySource.missingKeyMessage.contains("ngrok.yml"))
    }
}

@Suite("Models and small parts")
struct ModelTests {
    @Test func decodesUnknownAndMissingFields() throws {
        let json = #"{"id":"ak_1","created_at":"2024-04-24T21:01:10Z","owner_id":"bot_1","surprise":{"x":1}}"#
        let decoder = APIJSON.decoder()
        decoder.userInfo[Credential.kindKey] = CredentialKind.apiKey
        let credential = try decoder.decode(Credential.self, from: Data(json.utf8))
        #expect(credential.id == "ak_1")
        #expect(credential.description == "")
        #expect(credential.token == nil)
        let bot = try APIJSON.decoder().decode(BotUser.self, from: Data(#"{"id":"bot_1","name":"x","active":false,"created_at":"2024-04-23T20:17:08.123Z"}"#.utf8))
        #expect(bot.active == false)
        #expect(bot.createdAt.timeIntervalSince1970 > 1_713_000_000)
    }

    @Test func errorBodyWithoutCode() throws {
        let body = try JSONDecoder().decode(APIErrorBody.self, from: Data(#"{"status_code":500,"msg":"boom","details":{"operation_id":"op_1","n":3}}"#.utf8))
        #expect(body.errorCode == nil)
        #expect(body.operationID == "op_1")
    }

    @Test func redactorRemovesEveryOccurrence() {
        let redactor = Redactor(secrets: ["supersecretkey1"])
        #expect(redactor.redact("a supersecretkey1 b supersecretkey1") == "a [redacted] b [redacted]")
        // A short key is still the key (it used to be left alone below 8 characters).
        #expect(Redactor(secrets: ["short"]).redact("short") == "[redacted]")
    }
}

@Suite("User directories")
struct UserDirectoriesTests {
    @Test func environmentComesFirst() {
        let dirs = UserDirectories(environment: ["HOME": "/h", "XDG_STATE_HOME": "", "XDG_CONFIG_HOME": "/cfg"])
        #expect(dirs.home == "/h")
        #expect(dirs.stateHome == "/h/.local/state")
        #expect(dirs.configHome == "/cfg")
    }
}
