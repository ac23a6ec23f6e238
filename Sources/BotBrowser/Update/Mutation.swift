import NgrokAPI

/// Every change the program can make to the account, written once: it is what a confirm dialog
/// proposes, what the reducer asks the runner for (`Effect.mutate`), what comes back
/// (`Action.mutationFinished`), and what the audit log and the busy rows call it. A new kind of
/// change is a new case here, plus its reducer and runner code.
public enum Mutation: Sendable, Hashable {
    case setActive(BotRef, active: Bool, bulk: Bool)
    case deleteBot(BotRef, owned: CredentialCounts)
    case createBot(name: String)
    case renameBot(BotRef, name: String)
    case createCredential(CredentialKind, owner: BotRef, description: String, publicKey: String?)
    case deleteCredential(CredentialRef)
    /// Replaces a credential: a new one with the same owner, description, metadata and ACL (and, for
    /// an SSH key, this public key), then the old one deleted. Nothing is deleted if the create fails.
    case rotateCredential(Credential, owner: BotRef, publicKey: String?)
    /// Tells a live agent session's agent to exit.
    case stopSession(SessionRef)

    /// The existing bot it changes, shown as busy on its row until the server answers.
    public var busyBot: (bot: BotRef, label: String)? {
        switch self {
        case let .setActive(bot, active, _): (bot, active ? "activating" : "deactivating")
        case let .deleteBot(bot, _): (bot, "deleting")
        case let .renameBot(bot, _): (bot, "renaming")
        case .createBot, .createCredential, .deleteCredential, .rotateCredential, .stopSession: nil
        }
    }

    /// The one bot it is made to or for, while that bot stays (not a bulk change, not a delete).
    public var actedOnBot: String? {
        switch self {
        case let .setActive(bot, _, bulk): bulk ? nil : bot.id
        case let .renameBot(bot, _): bot.id
        case let .createCredential(_, owner, _, _): owner.id
        case let .deleteCredential(credential): credential.owner.id
        case let .stopSession(session): session.owner.id
        case let .rotateCredential(_, owner, _): owner.id
        case .deleteBot, .createBot: nil
        }
    }

    /// Whether it takes something away (a dialog for it is drawn as dangerous).
    public var isDestructive: Bool {
        switch self {
        case .setActive(_, let active, _): !active
        case .deleteBot, .deleteCredential, .rotateCredential, .stopSession: true
        case .createBot, .renameBot, .createCredential: false
        }
    }

    /// The status line while it is on its way.
    public var progressMessage: String {
        switch self {
        case let .setActive(bot, active, _): "\(active ? "Activating" : "Deactivating") \(bot.name)…"
        case let .deleteBot(bot, _): "Deleting \(bot.name)…"
        case let .createBot(name): "Creating bot \(name)…"
        case let .renameBot(bot, _): "Renaming \(bot.name)…"
        case let .createCredential(kind, owner, _, _): "Creating \(kind.singular) for \(owner.name)…"
        case let .deleteCredential(credential): "Deleting \(credential.kind.singular) \(credential.id)…"
        case let .rotateCredential(credential, _, _): "Rotating \(credential.kind.singular) \(credential.id): creating its replacement…"
        case let .stopSession(session): "Stopping session \(session.id)…"
        }
    }

    /// The status line while several are on their way.
    static func progressMessage(_ mutations: [Mutation]) -> String {
        if case .stopSession? = mutations.first { return "Stopping \(mutations.count) sessions…" }
        return "Sending \(mutations.count) changes…"
    }

    /// What the audit log names it: the action (`deactivate`, `create-api-key`, …), its target and a
    /// note. A rotation's first line is its create; its delete is written as a `deleteCredential`.
    public func auditSubject(createdID: String?) -> AuditSubject {
        switch self {
        case let .setActive(bot, active, _):
            AuditSubject(action: active ? "activate" : "deactivate", id: bot.id, name: bot.name, note: nil)
        case let .deleteBot(bot, owned):
            AuditSubject(action: "delete-bot", id: bot.id, name: bot.name, note: "revoked \(owned.phrase)")
        case let .createBot(name):
            AuditSubject(action: "create-bot", id: createdID ?? "", name: name, note: nil)
        case let .renameBot(bot, name):
            AuditSubject(action: "rename-bot", id: bot.id, name: bot.name, note: "new name: \(name)")
        case let .createCredential(kind, owner, description, _):
            AuditSubject(action: "create-\(kind.auditName)", id: createdID ?? "", name: description, note: "owner \(owner.id) (\(owner.name))")
        case let .rotateCredential(old, owner, _):
            AuditSubject(action: "create-\(old.kind.auditName)", id: createdID ?? "", name: old.description,
                         note: "replacement for \(old.id) (rotation); owner \(owner.id) (\(owner.name))")
        case let .deleteCredential(credential):
            AuditSubject(action: "delete-\(credential.kind.auditName)", id: credential.id, name: credential.description,
                         note: "owner \(credential.owner.id) (\(credential.owner.name))")
        case let .stopSession(session):
            AuditSubject(action: "stop-session", id: session.id, name: TextSanitizer.clean(session.ip),
                         note: "credential \(session.credentialID); owner \(session.owner.id) (\(session.owner.name)); "
                             + "region \(TextSanitizer.clean(session.region))")
        }
    }
}

/// How the audit log names one change.
public struct AuditSubject: Sendable, Equatable {
    public var action: String
    public var id: String
    public var name: String
    public var note: String?
}

/// What the server answered to a mutation that succeeded.
public enum MutationAnswer: Sendable, Equatable {
    /// The bot as it is now (activated, deactivated, created, renamed).
    case bot(BotUser)
    /// A new credential, with its secret this once.
    case credential(Credential)
    /// Deleted or stopped (or already gone).
    case deleted
    /// The replacement exists; the old credential is deleted unless `oldDeleteError` says why not.
    case rotated(Credential, oldDeleteError: NgrokError?)

    public var bot: BotUser? {
        if case .bot(let bot) = self { return bot }
        return nil
    }

    public var credential: Credential? {
        switch self {
        case .credential(let credential), .rotated(let credential, _): credential
        case .bot, .deleted: nil
        }
    }
}

extension Result<MutationAnswer, NgrokError> {
    /// The id of what a create made, for its audit line.
    public var createdID: String? {
        guard case .success(let answer) = self else { return nil }
        return answer.bot?.id ?? answer.credential?.id
    }
}
