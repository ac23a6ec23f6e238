import Foundation
import NgrokAPI

/// Everything that can happen to the application: what the user does, and what the server answers.
public enum Action: Sendable {
    // From the user and the terminal.
    case key(KeyName)
    case command(Command)
    case resized(Size)
    case tick(Date)
    /// The first action: start loading.
    case start
    /// The last run's bot list, from the warm cache, shown until the fresh one replaces it.
    case cacheLoaded(CachedAccount)

    // From the effect runner.
    case resourceResolved(BotResource)
    case botsPage(generation: Int, [BotUser])
    case credentialsPage(generation: Int, CredentialKind, [Credential])
    /// One owner's complete list of one kind, fetched ahead of the full load.
    case ownerCredentials(generation: Int, owner: String, CredentialKind, [Credential])
    case listFinished(generation: Int, LoadTarget)
    case listFailed(generation: Int, LoadTarget, NgrokError)
    case activeSet(BotRef, active: Bool, Result<BotUser, NgrokError>, bulk: Bool)
    case botDeleted(BotRef, Result<Void, NgrokError>)
    case botCreated(name: String, Result<BotUser, NgrokError>)
    case botRenamed(BotRef, name: String, Result<BotUser, NgrokError>)
    case credentialCreated(CredentialKind, owner: BotRef, Result<Credential, NgrokError>)
    case credentialDeleted(CredentialRef, Result<Void, NgrokError>)
    /// Credentials the server found for a description search (`.searchCredentials`).
    case credentialsFound(query: String, [Credential])
    /// The server answered 429; the client waits this long before asking again.
    case throttled(Duration)
    /// The server's answer about one id (from `.lookUp` or `.lookUpOwner`).
    case lookupFinished(id: String, Result<LookupResult, NgrokError>)
}

/// Work the reducer asks for. The effect runner performs it and answers with actions.
public enum Effect: Sendable, Hashable {
    case load(LoadTarget, generation: Int)
    case loadOwnerCredentials(owner: String, generation: Int)
    case setActive(BotRef, active: Bool, bulk: Bool)
    case deleteBot(BotRef, owned: CredentialCounts)
    case createBot(name: String)
    case renameBot(BotRef, name: String)
    case createCredential(CredentialKind, owner: BotRef, description: String, publicKey: String?)
    case deleteCredential(CredentialRef)
    /// Asks the server for the object a complete id names (the filter held one).
    case lookUp(id: String)
    /// Asks for a looked-up credential's owner, as a bot; "not found" means not a bot.
    case lookUpOwner(id: String)
    /// Asks each credential collection for descriptions containing this text (server-side filter).
    case searchCredentials(String)
    /// Keeps the complete bot list for the next launch (the warm cache).
    case cacheBots([BotUser])
    case quit

    /// Whether performing it changes the account (and so is written to the audit log).
    public var isMutation: Bool {
        switch self {
        case .load, .loadOwnerCredentials, .lookUp, .lookUpOwner, .searchCredentials, .cacheBots, .quit: false
        default: true
        }
    }
}
