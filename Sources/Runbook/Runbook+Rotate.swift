import BotBrowser
import NgrokAPI

/// What `rotate` did: the replacement always exists when this is returned; the old credential is
/// deleted unless `oldDeleteError` says why not (then both work).
public struct RotateOutcome: Sendable, Equatable {
    public var old: Credential
    public var owner: BotUser
    public var replacement: Credential
    public var oldDeleteError: NgrokError?
}

extension Runbook {
    /// The credential `id` names, with the bot that owns it. A person's credential is refused: this
    /// tool manages bots' credentials.
    public func credentialOfBot(_ id: String) async throws(RunbookError) -> (Credential, BotUser) {
        let wanted = id.trimmed
        if ObjectID.isMalformed(wanted) { throw .malformedID(wanted) }
        guard case .credential? = ObjectID.guess(wanted) else {
            throw RunbookError(.usage, "\(wanted) is not a credential id (ak_…, cr_… or sshcr_…)")
        }
        do {
            guard case .credential(let credential) = try await client.lookUp(id: wanted) else {
                throw RunbookError(.notFound, "no credential \(wanted) in this account")
            }
            let owner = credential.ownerID ?? ""
            guard let bot = owner.isEmpty ? nil : try await client.lookUpBot(id: owner) else {
                throw RunbookError(.notFound, "\(wanted) is owned by \(owner.isEmpty ? "no one" : "a person, \(owner)"), not a bot")
            }
            return (credential, bot)
        } catch {
            throw RunbookError.from(error)
        }
    }

    /// Whether `credential` can be rotated as asked (read-only, an SSH key's new public key),
    /// answered before anything is said or asked, so a refusal is not preceded by a plan.
    public func checkRotatable(_ credential: Credential, publicKey: String?) throws(RunbookError) {
        try refuseIfReadOnly("rotate")
        guard credential.kind == .sshCredential else { return }
        guard let publicKey else {
            throw RunbookError(.usage, "an SSH key cannot be rotated without a new public key: --public-key-file F")
        }
        if let problem = Validation.publicKey(publicKey) { throw RunbookError(.usage, problem) }
    }

    /// A new credential like the old one (same owner, description, metadata, ACL), then the old one
    /// deleted. An SSH key needs the new public key. If the create fails nothing is deleted.
    /// `created` is handed the replacement (with its token) as soon as the create answers, before
    /// the old credential's delete is sent: whatever becomes of the delete, the token is not lost.
    public func rotate(_ credential: Credential, owner: BotUser, publicKey: String?,
                       created: (@Sendable (Credential) -> Void)? = nil) async throws(RunbookError) -> RotateOutcome {
        try checkRotatable(credential, publicKey: publicKey)
        switch await perform(.rotateCredential(credential.withoutToken, owner: BotRef(owner), publicKey: publicKey), replacementCreated: created) {
        case .failure(let error):
            if case .outcomeUnknown = error {
                // It may have been created (with a token no one will see again): nothing was deleted.
                throw RunbookError(.apiError, "outcome unknown: the replacement may or may not have been created, and \(credential.id) was not deleted "
                                   + "(\(error.summary)); list the bot's credentials (ngrok-bots show \(owner.id)) before trying again")
            }
            throw RunbookError(.apiError, "the replacement was not created, nothing was deleted: \(error.summary)")
        case .success(.rotated(let created, let deleteError)):
            return RotateOutcome(old: credential, owner: owner, replacement: created, oldDeleteError: deleteError)
        case .success(let other):
            throw RunbookError(.apiError, "unexpected answer \(other)")
        }
    }
}
