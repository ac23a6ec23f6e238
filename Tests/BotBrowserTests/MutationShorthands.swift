import BotBrowser
import Foundation
import NgrokAPI

/// Tests speak of a change and its answer by kind ("a deactivate of ci-runner answered with this
/// bot"); these build the one `Mutation` form the program uses.
extension Effect {
    static func setActive(_ bot: BotRef, active: Bool, bulk: Bool) -> Effect { .mutate(.setActive(bot, active: active, bulk: bulk)) }
    static func deleteBot(_ bot: BotRef, owned: CredentialCounts) -> Effect { .mutate(.deleteBot(bot, owned: owned)) }
    static func createBot(name: String) -> Effect { .mutate(.createBot(name: name)) }
    static func renameBot(_ bot: BotRef, name: String) -> Effect { .mutate(.renameBot(bot, name: name)) }
    static func createCredential(_ kind: CredentialKind, owner: BotRef, description: String, publicKey: String?) -> Effect {
        .mutate(.createCredential(kind, owner: owner, description: description, publicKey: publicKey))
    }
    static func deleteCredential(_ credential: CredentialRef) -> Effect { .mutate(.deleteCredential(credential)) }
    static func rotateCredential(_ credential: Credential, owner: BotRef, publicKey: String?) -> Effect {
        .mutate(.rotateCredential(credential, owner: owner, publicKey: publicKey))
    }
    static func stopTunnelSession(_ session: SessionRef) -> Effect { .mutate(.stopSession(session)) }
}

extension Action {
    static func activeSet(_ bot: BotRef, active: Bool, _ result: Result<BotUser, NgrokError>, bulk: Bool) -> Action {
        .mutationFinished(.setActive(bot, active: active, bulk: bulk), result.map(MutationAnswer.bot))
    }

    static func botDeleted(_ bot: BotRef, _ result: Result<Void, NgrokError>) -> Action {
        .mutationFinished(.deleteBot(bot, owned: CredentialCounts()), result.map { .deleted })
    }

    static func botCreated(name: String, _ result: Result<BotUser, NgrokError>) -> Action {
        .mutationFinished(.createBot(name: name), result.map(MutationAnswer.bot))
    }

    static func botRenamed(_ bot: BotRef, name: String, _ result: Result<BotUser, NgrokError>) -> Action {
        .mutationFinished(.renameBot(bot, name: name), result.map(MutationAnswer.bot))
    }

    static func credentialCreated(_ kind: CredentialKind, owner: BotRef, _ result: Result<Credential, NgrokError>) -> Action {
        .mutationFinished(.createCredential(kind, owner: owner, description: "", publicKey: nil), result.map(MutationAnswer.credential))
    }

    static func tunnelSessionStopped(_ session: SessionRef, _ result: Result<Void, NgrokError>) -> Action {
        .mutationFinished(.stopSession(session), result.map { .deleted })
    }

    static func credentialDeleted(_ credential: CredentialRef, _ result: Result<Void, NgrokError>) -> Action {
        .mutationFinished(.deleteCredential(credential), result.map { .deleted })
    }

    /// A rotation of `old` (the fixture credential with that id) and how its two steps went.
    static func credentialRotated(_ old: CredentialRef, replacement: Result<Credential, NgrokError>,
                                  oldDeleted: Result<Void, NgrokError>?) -> Action {
        let original = Credential(id: old.id, kind: old.kind, ownerID: old.owner.id, description: old.description, createdAt: Fixtures.now)
        let mutation = Mutation.rotateCredential(original, owner: old.owner, publicKey: nil)
        switch (replacement, oldDeleted) {
        case (.failure(let error), _): return .mutationFinished(mutation, .failure(error))
        case (.success(let created), .failure(let error)?): return .mutationFinished(mutation, .success(.rotated(created, oldDeleteError: error)))
        case (.success(let created), _): return .mutationFinished(mutation, .success(.rotated(created, oldDeleteError: nil)))
        }
    }
}
