import ArgumentParser
import BotBrowser
import Essentials
import NgrokAPI
import Runbook

/// `ngrok-bots since 2h`: every bot, API key, authtoken and SSH key created since then, newest first.
struct SinceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "since",
        abstract: "What was created since a time (2h, 30m, 7d or RFC 3339): bots, API keys, authtokens, SSH keys, with their owners.")

    @OptionGroup var options: RunbookOptions

    @Argument(help: "A duration back from now (90s, 15m, 2h, 7d) or an RFC 3339 time (2026-12-01T10:00:00Z).")
    var time: String

    func run() async throws {
        guard let since = SinceTime.parse(time, now: Date()) else {
            throw ValidationError(SinceTime.rejection(time))
        }
        try await options.run(showingProgress: true) { runbook throws(RunbookError) in
            let found = try await runbook.createdSince(since)
            options.print(Report(found), text: Self.text(found))
        }
    }

    static func text(_ found: CreatedSince) -> String {
        let header = "Created since \(APIJSON.formatTimestamp(found.since)): \(found.entries.count)"
        guard !found.entries.isEmpty else { return header + " (nothing)" }
        // One value a cell, as every table: the owner's id and its name apart, so the columns parse.
        let rows = found.entries.map { entry in
            let ownerID = entry.kind == "bot" ? "" : entry.owner?.id ?? entry.ownerID ?? ""
            let ownerName = entry.kind == "bot" ? "" : entry.owner?.name
                ?? entry.ownerID.map { BotID($0) == nil ? "(a person)" : "(gone)" } ?? "(no owner)"
            return [APIJSON.formatTimestamp(entry.createdAt), entry.kind, entry.id, entry.description, ownerID, ownerName]
        }
        return header + "\n" + RunbookReport.table(["CREATED", "KIND", "ID", "DESCRIPTION", "OWNER", "OWNER NAME"], rows)
    }

    struct Report: Encodable {
        struct Entry: Encodable {
            var kind: String
            var id: String
            var createdAt: Date
            var description: String
            var ownerID: String?
            var ownerName: String?

            enum CodingKeys: String, CodingKey {
                case kind, id, description
                case createdAt = "created_at"
                case ownerID = "owner_id"
                case ownerName = "owner_name"
            }
        }

        var since: Date
        var entries: [Entry]

        init(_ found: CreatedSince) {
            since = found.since
            entries = found.entries.map {
                Entry(kind: $0.kind, id: $0.id, createdAt: $0.createdAt, description: $0.description,
                      ownerID: $0.owner?.id ?? $0.ownerID, ownerName: $0.owner?.name)
            }
        }
    }
}
