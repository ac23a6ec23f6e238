import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Runbook

/// `ngrok-bots rotate CREDENTIAL [--yes]`: the answer to a leaked key that does not switch the
/// whole bot off. The new token is printed once; then the old credential is deleted.
struct RotateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Replace a bot's API key or authtoken (or SSH key, with --public-key-file): create a new one like it, then delete the old one.")

    @OptionGroup var options: RunbookOptions

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
            printError("Rotating \(old.kind.singular) \(old.id) of \(RunbookReport.line(owner)):")
            printError("a new one is created with the same description, metadata and ACL, then \(old.id) is deleted.")
            try Confirmation.require(yes: yes, prompt: "Anything still using \(old.id) stops working.", expected: old.id, orWord: "rotate")
            let outcome = try await runbook.rotate(old, owner: owner, publicKey: publicKey)
            options.print(RunbookReport.Created(outcome.replacement, replaced: old.id, replacedDeleted: outcome.oldDeleteError == nil),
                          text: Secret.text(outcome.replacement))
            if let error = outcome.oldDeleteError {
                throw RunbookError(.apiError, "\(outcome.replacement.id) was created, but \(old.id) still works: deleting it failed: \(error.summary)")
            }
            printError("Deleted \(old.id); \(outcome.replacement.id) replaces it.")
        }
    }
}
