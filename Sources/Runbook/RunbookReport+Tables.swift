import BotBrowser
import NgrokAPI

/// The runbook commands' text: aligned columns under a header (`DisplayWidth.columns`, as `list`,
/// `since` and `audit` print), every cell cleaned before it is measured, since names,
/// descriptions and addresses come from whoever can change the account.
extension RunbookReport {
    /// Rows under `header`. An empty cell is `-`; a column empty in every row is left out (no ACLs,
    /// no sessions), so the table is only as wide as what it has to say.
    public static func table(_ header: [String], _ rows: [[String]]) -> String {
        let kept = header.indices.filter { column in rows.contains { column < $0.count && !$0[column].isEmpty } }
        let cells = rows.map { row in kept.map { column in column < row.count && !row[column].isEmpty ? TextSanitizer.clean(row[column]) : "-" } }
        return DisplayWidth.columns([kept.map { header[$0] }] + cells)
    }

    /// `bot service_… "name" (active)`: one bot in a sentence, its name quoted and cleaned.
    public static func describe(_ bot: BotUser) -> String {
        "bot \(bot.id) \"\(TextSanitizer.clean(bot.name))\" (\(bot.active ? "active" : "inactive"))"
    }

    static func state(_ bot: BotUser) -> String { bot.active ? "active" : "inactive" }

    /// `show`: the bot, then every credential it owns.
    public static func showText(_ bot: BotUser, credentials: [Credential]) -> String {
        let bots = table(["BOT", "NAME", "STATE", "CREATED"], [[bot.id, bot.name, state(bot), APIJSON.formatTimestamp(bot.createdAt)]])
        return bots + "\n\n" + (credentials.isEmpty ? "owns no credentials" : credentialTable(credentials))
    }

    public static func credentialTable(_ credentials: [Credential]) -> String {
        table(["KIND", "ID", "DESCRIPTION", "CREATED", "ACL", "SSH FINGERPRINT"], credentials.map { credential in
            [credential.kind.singular, credential.id, credential.description, APIJSON.formatTimestamp(credential.createdAt),
             credential.acl.joined(separator: ","), credential.publicKey.flatMap(SSHFingerprint.sha256(publicKey:)) ?? ""]
        })
    }

    /// `find`: one row per match, why it matched first, then the owner and its state (what an
    /// incident needs), then the credential and the session that led there.
    public static func findText(_ matches: [FindMatch]) -> String {
        table(["MATCHED", "OWNER", "NAME", "STATE", "CREDENTIAL", "KIND", "DESCRIPTION", "SESSION", "IP"], matches.map { match in
            [match.reason.rawValue] + owner(bot: match.bot, personID: match.ownerID)
                + [match.credential?.id ?? match.session.map { "\($0.credentialID) (gone)" } ?? "", match.credential?.kind.singular ?? "",
                   match.credential?.description ?? "",
                   match.session?.id ?? "", match.session?.ip ?? ""]
        })
    }

    /// Owner, name, state: a bot's, or a person's id with "a person" for a name (there is no bot to deactivate).
    static func owner(bot: BotUser?, personID: String?) -> [String] {
        if let bot { return [bot.id, bot.name, state(bot)] }
        guard let personID, !personID.isEmpty else { return ["unknown", "", ""] }
        return [personID, "(a person, not a bot)", ""]
    }

    /// `sessions` and `stop-sessions`: one row per session with the credential it uses and who owns
    /// that. Three ids make a row wide already: region, OS and agent are left to `--json`, and
    /// of the endpoints the first is shown with how many more there are.
    public static func sessionsTable(_ matches: [SessionMatch]) -> String {
        table(["SESSION", "IP", "STARTED", "CREDENTIAL", "OWNER", "NAME", "STATE", "ENDPOINTS"], matches.map(sessionRow))
    }

    static func sessionRow(_ match: SessionMatch) -> [String] {
        let credential = match.credential?.id ?? (match.session.credentialID.isEmpty ? "" : match.session.credentialID + " (gone)")
        let endpoints = match.endpoints ?? []
        return [match.session.id, match.session.ip, APIJSON.formatTimestamp(match.session.startedAt), credential]
            + owner(bot: match.bot, personID: match.credential?.ownerID)
            + [(endpoints.first?.url ?? "") + (endpoints.count > 1 ? " +\(endpoints.count - 1)" : "")]
    }

    /// `stop-sessions`' answer: what happened to each session.
    public static func stoppedTable(_ outcomes: [SessionStopOutcome]) -> String {
        table(["OUTCOME", "SESSION", "IP", "CREDENTIAL", "OWNER", "NAME", "ERROR"], outcomes.map { outcome in
            let row = sessionRow(outcome.match)
            return [outcome.outcome.rawValue, row[0], row[1], row[3], row[4], row[5], outcome.error?.summary ?? ""]
        })
    }

    /// The bots an ambiguous name could mean, with what tells them apart: state, age, what they own
    /// (nil counts: not asked, shown `?`).
    public static func candidatesTable(_ candidates: [(bot: BotUser, counts: CredentialCounts?)]) -> String {
        table(["ID", "STATE", "CREATED", "API KEYS", "AUTHTOKENS", "SSH KEYS"], candidates.map { candidate in
            [candidate.bot.id, state(candidate.bot), APIJSON.formatTimestamp(candidate.bot.createdAt)]
                + CredentialKind.allCases.map { kind in candidate.counts.map { String($0[kind]) } ?? "?" }
        })
    }

    /// `deactivate` and `activate`: each bot as the server answered, what happened, and (after a
    /// deactivate) how many live sessions its authtokens and SSH keys still have, with the command
    /// that stops them.
    public static func setActiveText(_ outcomes: [SetActiveOutcome], active: Bool,
                                     liveSessions: [String: Result<[TunnelSession], RunbookError>]) -> String {
        let verb = active ? "activated" : "deactivated"
        var lines = [table(["BOT", "NAME", "STATE", "OUTCOME", "LIVE SESSIONS"], outcomes.map { outcome in
            let result = outcome.error.map { "FAILED: \($0.summary)" }
                ?? (outcome.changed ? verb : "\(verb) (it already was when read; sent anyway, the server confirmed)")
            let live = switch liveSessions[outcome.bot.id] {
            case .success(let sessions)?: String(sessions.count)
            case .failure?: "?"
            case nil: ""
            }
            return [outcome.bot.id, outcome.bot.name, state(outcome.bot), result, live]
        })]
        let still = outcomes.compactMap { outcome in (try? liveSessions[outcome.bot.id]?.get()).map { (outcome.bot, $0) } }.filter { !$0.1.isEmpty }
        if let note = liveSessionsNote(still.flatMap(\.1), on: still.count == 1 ? "its authtokens and SSH keys" : "these bots' authtokens and SSH keys",
                                       targets: still.map(\.0.id), unknownEffect: "the API does not say whether deactivating ends them") {
            lines.append(note)
        }
        for outcome in outcomes {
            if case .failure(let error)? = liveSessions[outcome.bot.id] {
                lines.append("the live sessions of \(outcome.bot.id) could not be read: \(error.message)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// What to run to stop sessions still live on what a command changed, or nil when none are:
    /// `2 live agent sessions still use …` and the `stop-sessions` line. `targets` are what
    /// `stop-sessions` can still resolve: a bot that exists, else the sessions' own ids.
    public static func liveSessionsNote(_ sessions: [TunnelSession], on what: String, targets: [String], unknownEffect: String) -> String? {
        guard !sessions.isEmpty else { return nil }
        let count = "\(sessions.count) live agent session\(sessions.count == 1 ? "" : "s")"
        return "\(count) still use\(sessions.count == 1 ? "s" : "") \(what) (\(unknownEffect)); to stop them:\n"
            + "  ngrok-bots stop-sessions \(targets.joined(separator: " "))"
    }
}
