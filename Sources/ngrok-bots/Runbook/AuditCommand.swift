import ArgumentParser
import BotBrowser
import BotBrowserEffects
import Essentials
import NgrokAPI
import Runbook

/// `ngrok-bots audit [--since T]`: the audit log as a timeline, for the incident report. It only
/// reads the local file; nothing is asked of the API.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "The audit log as a timeline: time, who, action, target, outcome, HTTP status, operation id.")

    @Option(help: "The audit log to read (default: $XDG_STATE_HOME/ngrok-bots/audit.jsonl).")
    var auditLog: String?

    @Option(help: "Only lines at or after this time (90s, 15m, 2h, 7d or RFC 3339).")
    var since: String?

    @Flag(help: "Print JSON (the log's own lines, as an array) instead of text.")
    var json = false

    func run() throws {
        let path = auditLog ?? AuditLog.defaultPath(environment: ProcessInfo.processInfo.environment)
        var from: Date?
        if let since {
            guard let time = SinceTime.parse(since, now: Date()) else {
                throw ValidationError(SinceTime.rejection(since))
            }
            from = time
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            printError("error: no audit log at \(path) (nothing was changed from this account here, or --audit-log names another file)")
            throw ExitCode(3)
        }
        // One entry per change: an attempt and its outcome are one row.
        let timeline = AuditTimeline(log: data)
        let unreadable = timeline.unreadable
        let entries = timeline.entries.filter { entry in
            guard let from else { return true }
            return APIJSON.parseTimestamp(entry.time).map { $0 >= from } == true
        }
        if unreadable > 0 { printError("warning: \(unreadable) line(s) of \(path) are not audit entries and were skipped") }
        if json {
            print(RunbookReport.json(entries))
            return
        }
        // As every runbook table: a column empty in every row (no failures, so no HTTP status) is left out.
        let rows = entries.map { entry in
            [entry.time, entry.user, entry.action, entry.targetID, entry.targetName, entry.outcomeText,
             entry.httpStatus.map(String.init) ?? "", entry.operationID ?? ""]
        }
        print(RunbookReport.table(["TIME", "WHO", "ACTION", "TARGET", "NAME", "OUTCOME", "HTTP", "OPERATION"], rows))
    }
}
