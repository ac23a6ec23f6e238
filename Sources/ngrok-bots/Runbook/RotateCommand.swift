import ArgumentParser
import Essentials
import NgrokAPI
import Runbook
import Synchronization

/// `ngrok-bots rotate CREDENTIAL [--yes]`: the answer to a leaked key that does not switch the
/// whole bot off. The new token is printed once; then the old credential is deleted.
struct RotateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Replace a bot's API key or authtoken (or SSH key, with --public-key-file): create a new one like it, then delete the old one.")

    @OptionGroup var options: RunbookOptions
    @OptionGroup var lockout: SelfLockoutOption

    @Flag(help: "Do not ask (needed without a terminal).")
    var yes = false

    @Option(help: "The new OpenSSH public key (rotating an SSH key).")
    var publicKeyFile: String?

    @Argument(help: "The credential's id (ak_…, cr_… or sshcr_…).")
    var credential: String

    func run() async throws {
        let publicKey = try publicKeyFile.map(PublicKeyFile.read)
        try await options.run { runbook throws(RunbookError) in
            let (old, owner) = try await runbook.credentialOfBot(credential)
            try runbook.checkRotatable(old, publicKey: publicKey)
            let ownKey = try await runbook.rotationOfOwnKey(old, allowed: lockout.allowSelfLockout)
            printError("Rotating \(old.kind.singular) \(old.id) of \(RunbookReport.describe(owner)):")
            printError("a new one is created with the same description, metadata and ACL, then \(old.id) is deleted.")
            if let ownKey { printError(ownKey) }
            try Confirmation.require(yes: yes, prompt: await Self.whatStops(old, runbook: runbook), expected: old.id, orWord: "rotate")
            // The token is printed the moment the create answers, before the old one's delete is
            // sent: an interrupt, a hang-up or a lost answer to the delete cannot take it away.
            // With --json the document is begun then and closed with "replaced_deleted".
            let json = options.json
            let begun = Mutex(false)
            let still = "the old \(old.kind.singular) \(old.id) may still work: delete it with ngrok-bots (browse, find \(old.id), delete it)"
                + " or ngrok api \(old.kind.ngrokCLIResource) delete \(old.id)"
            let outcome: RotateOutcome
            do throws(RunbookError) {
                outcome = try await runbook.rotate(old, owner: owner, publicKey: publicKey) { created in
                    let report = RunbookReport.json(RunbookReport.Created(created, replaced: old.id))
                    StandardStream.writeOutput(json ? Self.openDocument(report) : RunbookOptions.terminalSafe(Secret.text(created)) + "\n")
                    begun.withLock { $0 = true }
                    Interruption.set(outputTail: json ? Self.closeDocument(deleted: false) : nil,
                                     note: "\(created.id) was created (its token is printed above); \(still)")
                }
            } catch {
                Interruption.clear()
                if json, begun.withLock({ $0 }) { StandardStream.writeOutput(Self.closeDocument(deleted: false)) }
                throw error
            }
            Interruption.clear()
            if json {
                StandardStream.writeOutput(Self.closeDocument(deleted: outcome.oldDeleteError == nil))
            }
            if let error = outcome.oldDeleteError {
                throw RunbookError(.apiError, "\(outcome.replacement.id) was created, but \(old.id) still works: deleting it failed: \(error.summary)")
            }
            printError("Deleted \(old.id); \(outcome.replacement.id) replaces it.")
            // Only the sessions' own ids can stop them now: the credential they name is gone.
            switch await runbook.liveSessions(using: [old]) {
            case .success(let sessions):
                if let note = RunbookReport.liveSessionsNote(sessions, on: "the deleted \(old.id)", targets: sessions.map(\.id),
                                                             unknownEffect: "the API does not say whether deleting it ends them") {
                    StandardStream.writeError(RunbookOptions.terminalSafe(note) + "\n")
                }
            case .failure(let error): printError("the live agent sessions of \(old.id) could not be read: \(error.message)")
            }
        }
    }

    /// What deleting the old credential ends, as far as it is known: an API key's calls are refused
    /// once it is gone; whether an agent already connected with an authtoken or SSH key is ended
    /// is not known, so its live sessions are counted instead.
    static func whatStops(_ old: Credential, runbook: Runbook) async -> String {
        guard old.kind != .apiKey else { return "Anything still using \(old.id) stops working." }
        switch await runbook.liveSessions(using: [old]) {
        case .success(let sessions) where sessions.isEmpty:
            return "No live agent session uses \(old.id) now."
        case .success(let sessions):
            return "\(sessions.count) live agent session\(sessions.count == 1 ? " uses" : "s use") \(old.id) now; the API does not say whether "
                + "deleting it ends them (ngrok-bots stop-sessions \(old.id) does, before the rotate)."
        case .failure(let error):
            return "The live agent sessions of \(old.id) could not be read (\(error.message)); the API does not say whether deleting it ends them."
        }
    }

    /// A pretty-printed object without its closing brace, so a last member can follow.
    static func openDocument(_ object: String) -> String {
        var text = Substring(object)
        while text.last?.isWhitespace == true { text.removeLast() }
        if text.last == "}" { text.removeLast() }
        while text.last?.isWhitespace == true { text.removeLast() }
        return String(text)
    }

    static func closeDocument(deleted: Bool) -> String {
        ",\n  \"replaced_deleted\" : \(deleted)\n}\n"
    }
}

private extension CredentialKind {
    /// The resource's name in the ngrok CLI (`ngrok api api-keys delete ID`).
    var ngrokCLIResource: String {
        switch self {
        case .apiKey: "api-keys"
        case .authtoken: "credentials"
        case .sshCredential: "ssh-credentials"
        }
    }
}
