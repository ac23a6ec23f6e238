import ArgumentParser
import BotBrowser
import NgrokAPI
import Runbook

/// `ngrok-bots whoami`: which account the API key belongs to, which key it is and whose, and which
/// API is asked (`GET /self`). The key itself is never printed.
struct WhoAmICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whoami", abstract: "Print the account the API key belongs to, the key's id and owner, and the API URL.")

    @OptionGroup var options: RunbookOptions

    /// What `--json` prints.
    struct Report: Encodable {
        struct Account: Encodable { var id: String; var name: String }
        struct Key: Encodable {
            var id: String
            var ownerID: String?
            var description: String
            enum CodingKeys: String, CodingKey {
                case id, description
                case ownerID = "owner_id"
            }
        }
        var account: Account
        var apiKey: Key
        var apiURL: String
        /// The config.yml profile used, if any.
        var profile: String?
        enum CodingKeys: String, CodingKey {
            case account, profile
            case apiKey = "api_key"
            case apiURL = "api_url"
        }

        /// `profile` is null, not missing, when no profile is used: a script can rely on the key.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(account, forKey: .account)
            try container.encode(apiKey, forKey: .apiKey)
            try container.encode(apiURL, forKey: .apiURL)
            try container.encode(profile, forKey: .profile)
        }
    }

    func run() async throws {
        try await options.run { runbook, connected throws(RunbookError) in
            let me: AccountSelf
            do {
                me = try await runbook.client.whoAmI()
            } catch let error as NgrokError {
                throw .api(error)
            } catch {
                throw RunbookError(.apiError, String(describing: error))
            }
            let report = Report(account: .init(id: me.account.id, name: me.account.name),
                                apiKey: .init(id: me.apiKey.id, ownerID: me.apiKey.ownerID, description: me.apiKey.description),
                                apiURL: connected.client.configuration.baseURL.absoluteString, profile: connected.profile.name)
            options.print(report, text: Self.text(report))
        }
    }

    /// Aligned "label  value" lines; what the server sent is cleaned of control characters.
    static func text(_ report: Report) -> String {
        var rows = [("profile", report.profile ?? "none"), ("account", report.account.name), ("account id", report.account.id), ("api key id", report.apiKey.id),
                    ("key owner", report.apiKey.ownerID ?? "none")]
        if !report.apiKey.description.isEmpty { rows.append(("key description", report.apiKey.description)) }
        rows.append(("api url", report.apiURL))
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { label, value in
            label + String(repeating: " ", count: width - label.count + 2) + TextSanitizer.clean(value)
        }.joined(separator: "\n")
    }
}
