import Foundation
import NgrokAPI
import Testing

@Suite("A key from config.yml: a variable, a file or a command, and the command line over it")
struct ConfiguredKeyTests {
    let place = "profile \"lab\" in /c/config.yml"

    func source(_ key: ProfileSettings.KeySource, environment: [String: String] = [:], apiKeyFile: String? = nil) -> APIKeySource {
        APIKeySource(environment: environment, apiKeyFile: apiKeyFile, homeDirectory: "/nonexistent",
                     configured: .init(source: key, place: place))
    }

    @Test func theProfileWinsOverNGROK_API_KEY() throws {
        let found = try source(.environment("LAB_KEY"), environment: ["NGROK_API_KEY": "envkey123", "LAB_KEY": " labkey456\n"]).resolve()
        #expect(found.key == "labkey456")
        #expect(found.source == "the environment variable LAB_KEY (api_key_env of \(place))")
    }

    @Test func anUnsetVariableIsAConfigurationError() {
        #expect(throws: NgrokError.missingAPIKey("the environment variable LAB_KEY is not set or empty (api_key_env of \(place))")) {
            try source(.environment("LAB_KEY"), environment: ["NGROK_API_KEY": "envkey123"]).resolve()
        }
    }

    @Test func aCommandsOutputIsTheKeyTrimmedAndNeverQuoted() throws {
        let found = try source(.command("printf '  cmdkey789\\n\\n'")).resolve()
        #expect(found.key == "cmdkey789")
        #expect(found.source == "api_key_command of \(place)")
        do {
            _ = try source(.command("printf 'bad key SECRETPART'")).resolve()
            Issue.record("a key with a space was accepted")
        } catch {
            #expect(error.isConfiguration && !error.summary.contains("SECRETPART"), "\(error.summary)")
        }
        do {
            _ = try source(.command("printf 'firstLINE\\nsecondLINE'")).resolve()
            Issue.record("two lines were accepted")
        } catch {
            #expect(error.summary.contains("printed more than one line") && !error.summary.contains("LINE"), "\(error.summary)")
        }
    }

    @Test func aFailingCommandIsAConfigurationErrorWithItsStatus() {
        #expect(throws: NgrokError.missingAPIKey("api_key_command of \(place) exited with status 3; no key was read")) {
            try source(.command("echo partial; exit 3")).resolve()
        }
    }

    @Test func apiKeyFileOnTheCommandLineWinsOverTheProfile() throws {
        let path = NSTemporaryDirectory() + "ngrok-bots-key-\(UUID().uuidString)"
        try "filekey123\n".write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        let found = try source(.command("exit 1"), environment: ["NGROK_API_KEY": "envkey123"], apiKeyFile: path).resolve()
        #expect(found.key == "filekey123")
        let fromProfile = try source(.file(path)).resolve()
        #expect(fromProfile.key == "filekey123" && fromProfile.source == "the file \(path) (api_key_file of \(place))")
    }

    @Test func withoutAConfiguredKeyTodaysOrderHolds() throws {
        let path = NSTemporaryDirectory() + "ngrok-bots-key-\(UUID().uuidString)"
        try "filekey123\n".write(toFile: path, atomically: true, encoding: .utf8)
        let found = try APIKeySource(environment: ["NGROK_API_KEY": "envkey123"], apiKeyFile: path, homeDirectory: "/nonexistent").resolve()
        #expect(found.key == "envkey123")
    }
}
