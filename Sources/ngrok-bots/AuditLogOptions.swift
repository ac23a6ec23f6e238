import ArgumentParser
import BotBrowser
import BotBrowserEffects
import Essentials

/// `--audit-log PATH` / `--no-audit-log`, shared by the terminal UI and the runbook commands so
/// both write the same log.
struct AuditLogOptions: ParsableArguments {
    @Option(help: "Append an audit line per change here (default: the profile's audit_log, else $XDG_STATE_HOME/ngrok-bots/audit.jsonl; none with --demo).")
    var auditLog: String?

    @Flag(help: "Do not write an audit log.")
    var noAuditLog = false

    func validate() throws {
        if noAuditLog && auditLog != nil { throw ValidationError("--audit-log and --no-audit-log exclude each other") }
    }

    /// The log, or nil when turned off. A path that cannot be used is a one-line error, exit status 2.
    /// The demo's changes are to a simulated account: they go to no log unless `--audit-log` names one.
    /// `configured` is the profile's `audit_log`, used when `--audit-log` is not given.
    func open(environment: [String: String] = ProcessInfo.processInfo.environment, demo: Bool = false,
              configured: String? = nil) throws -> AuditLog? {
        if noAuditLog || (demo && auditLog == nil) { return nil }
        let path = auditLog ?? configured ?? AuditLog.defaultPath(environment: environment)
        do {
            return try AuditLog(path: path, userNamed: auditLog != nil || configured != nil)
        } catch let error as AuditLogError {
            printError("error: \(error.message)")
        } catch {
            printError("error: cannot use the audit log \(path): \(error) (--no-audit-log turns it off)")
        }
        throw ExitCode(2)
    }
}
