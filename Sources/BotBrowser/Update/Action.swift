import Foundation
import NgrokAPI

/// Everything that can happen to the application: what the user does, and what the server answers.
public enum Action: Sendable {
    // From the user and the terminal.
    /// A key, with the time it arrived when the terminal knows it (dialogs ignore keys that come
    /// too soon after they open).
    case key(KeyName, at: Date? = nil)
    /// Text the terminal delivered as a bracketed paste: it is text, never commands.
    case paste(String, at: Date? = nil)
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
    /// A rotation: the replacement (or why there is none), then, only if it exists, the old one's deletion.
    case credentialRotated(CredentialRef, replacement: Result<Credential, NgrokError>, oldDeleted: Result<Void, NgrokError>?)
    /// The server answered 429; the client waits this long before asking again.
    case throttled(Duration)
    /// The server's answer about one id (from `.lookUp` or `.lookUpOwner`).
    case lookupFinished(id: String, Result<LookupResult, NgrokError>)
    // Live agent sessions (issue 13).
    /// The account's live sessions, complete (or why not).
    case tunnelSessionsLoaded(generation: Int, Result<[TunnelSession], NgrokError>)
    /// The sessions an agent's address names, with their credentials and the bots that own them.
    case tunnelSessionsFound(ip: String, Result<SessionSearch, NgrokError>)
    case tunnelSessionStopped(SessionRef, Result<Void, NgrokError>)
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
    /// Replaces a credential: a new one with the same owner, description, metadata and ACL (and, for
    /// an SSH key, this public key), then the old one deleted. Nothing is deleted if the create fails.
    case rotateCredential(Credential, owner: BotRef, publicKey: String?)
    /// Puts text on the terminal's clipboard (OSC 52); done by the terminal, not the network.
    case copyToClipboard(String)
    /// Asks the server for the object a complete id names (the filter held one).
    case lookUp(id: String)
    /// Asks for a looked-up credential's owner, as a bot; "not found" means not a bot.
    case lookUpOwner(id: String)
    /// Keeps the complete bot list for the next launch (the warm cache).
    case cacheBots([BotUser])
    case quit
    // Live agent sessions (issue 13).
    /// Every live session of the account, at the lowest priority.
    case loadTunnelSessions(generation: Int)
    /// The sessions whose agent connects from this address, and who owns their credentials.
    case lookUpTunnelSessions(ip: String)
    /// Tells the session's agent to exit.
    case stopTunnelSession(SessionRef)

    /// Whether performing it changes the account (and so is written to the audit log).
    public var isMutation: Bool {
        switch self {
        case .load, .loadOwnerCredentials, .copyToClipboard, .lookUp, .lookUpOwner, .cacheBots, .quit: false
        case .setActive, .deleteBot, .createBot, .renameBot, .createCredential, .deleteCredential, .rotateCredential: true
        case .loadTunnelSessions, .lookUpTunnelSessions: false
        case .stopTunnelSession: true
        }
    }
}

extension Action {
    /// The server's error carried by a result, for the event log.
    var error: NgrokError? {
        switch self {
        case .listFailed(_, _, let error): error
        case .activeSet(_, _, .failure(let error), _): error
        case .botDeleted(_, .failure(let error)): error
        case .botCreated(_, .failure(let error)): error
        case .botRenamed(_, _, .failure(let error)): error
        case .credentialCreated(_, _, .failure(let error)): error
        case .credentialDeleted(_, .failure(let error)): error
        case .credentialRotated(_, .failure(let error), _): error
        case .credentialRotated(_, _, .failure(let error)?): error
        case .tunnelSessionsLoaded(_, .failure(let error)): error
        case .tunnelSessionsFound(_, .failure(let error)): error
        case .tunnelSessionStopped(_, .failure(let error)): error
        default: nil
        }
    }

    /// When a key or paste arrived, if the terminal said.
    var arrival: Date? {
        switch self {
        case .key(_, let at), .paste(_, let at): at
        default: nil
        }
    }
}
