import Essentials
import NgrokAPI

/// Everything that can happen to the application: what the user does, and what the server answers.
public enum Action: Sendable {
    // From the user and the terminal.
    /// A key, with the time it arrived when the terminal knows it (dialogs ignore keys that come
    /// too soon after they open).
    case key(KeyName, at: Date? = nil)
    /// Text the terminal delivered as a bracketed paste: it is text, never commands.
    case paste(String, at: Date? = nil)
    case resized(Size)
    case tick(Date)
    /// The first action: start loading.
    case start
    /// The last run's bot list, from the warm cache, shown until the fresh one replaces it.
    case cacheLoaded(CachedAccount)

    // From the effect runner.
    case resourceResolved(BotResource)
    /// The server's answer a few seconds after a bot was contained (`Reducer+Containment`).
    case containmentChecked(bot: BotRef, Result<ContainmentCheck, NgrokError>)
    /// An audit line could not be written (the disk is full, the file was removed): the user must
    /// know the record is incomplete. The text says which change is not recorded.
    case auditWriteFailed(String)
    /// `GET /self`: the account and the API key this program is using.
    case selfLoaded(Result<AccountSelf, NgrokError>)
    case botsPage(generation: Int, [BotUser])
    case credentialsPage(generation: Int, CredentialKind, [Credential])
    /// One owner's complete list of one kind, fetched ahead of the full load.
    case ownerCredentials(generation: Int, owner: String, CredentialKind, [Credential])
    /// Asking for one owner's credentials of a kind failed (the full list may still bring them).
    case ownerCredentialsFailed(generation: Int, owner: String, CredentialKind, NgrokError)
    case listFinished(generation: Int, LoadTarget)
    case listFailed(generation: Int, LoadTarget, NgrokError)
    /// The server's answer to a change.
    case mutationFinished(Mutation, Result<MutationAnswer, NgrokError>)
    /// A rotation's replacement exists (its token with it): shown at once, before the old
    /// credential's delete is answered, so nothing that happens to the delete can lose it.
    case rotationReplacementCreated(Mutation, Credential)
    /// Credentials the server found for a description search (`.searchCredentials`).
    case credentialsFound(query: String, [Credential])
    /// The server answered 429; the client waits this long before asking again.
    case throttled(Duration)
    /// A confirmed change waits this long for the API's window before it goes out.
    case changeWaits(Duration)
    /// The lists wait this long for the API's window (used by another program or an earlier run).
    case readsWait(Duration)
    /// The server's answer about one id (from `.lookUp` or `.lookUpOwner`).
    case lookupFinished(id: String, Result<LookupResult, NgrokError>)
    // Live agent sessions (issue 13).
    /// A page of the account's live sessions: held aside until the list is complete.
    case tunnelSessionsPage(generation: Int, [TunnelSession])
    /// The account's live sessions are complete: the pages so far and these are all of them (or why not).
    case tunnelSessionsLoaded(generation: Int, Result<[TunnelSession], NgrokError>)
    /// The sessions an agent's address names, with their credentials and the bots that own them.
    case tunnelSessionsFound(ip: String, Result<SessionSearch, NgrokError>)
    /// The live sessions of a few credentials, asked ahead of the full list (`.loadSessions(ofCredentials:)`).
    case credentialSessionsLoaded(credentialIDs: [String], Result<[TunnelSession], NgrokError>)
    /// The live endpoints these sessions serve.
    case sessionEndpointsLoaded(sessionIDs: [String], Result<[Endpoint], NgrokError>)
    /// What was created since the time the `C` pane asked for (`.loadCreatedSince`).
    case createdSinceLoaded(since: Date, Result<CreatedSince, NgrokError>)
}

/// Work the reducer asks for. The effect runner performs it and answers with actions.
public enum Effect: Sendable, Hashable {
    case load(LoadTarget, generation: Int)
    case loadOwnerCredentials(owner: String, generation: Int)
    /// A change to the account: sent, audited, answered with `.mutationFinished`.
    case mutate(Mutation)
    /// Puts text on the terminal's clipboard (OSC 52); done by the terminal, not the network.
    case copyToClipboard(String)
    /// Asks the server for the object a complete id names (the filter held one).
    case lookUp(id: String)
    /// Asks again, a few seconds after its sessions were stopped, whether the bot is off and whether
    /// any live session is back on these credentials.
    case verifyContainment(bot: BotRef, credentialIDs: [String])
    /// `GET /self`, first in line at launch: which account this is, which key the program uses.
    case loadSelf
    /// Asks for the API key or authtoken a pasted token belongs to (`LeakedToken`: only the ids
    /// derived from its KSUID are sent); answered as `.lookupFinished(id: ksuid, …)`.
    case lookUpToken(ksuid: String)
    /// Asks for a looked-up credential's owner, as a bot; "not found" means not a bot.
    case lookUpOwner(id: String)
    /// Asks each credential collection for descriptions containing this text (server-side filter).
    case searchCredentials(String)
    /// Keeps the complete bot list for the next launch (the warm cache).
    case cacheBots([BotUser])
    // Live agent sessions.
    /// Every live session of the account, at the lowest priority.
    case loadTunnelSessions(generation: Int)
    /// The sessions whose agent connects from this address, and who owns their credentials.
    case lookUpTunnelSessions(ip: String)
    /// The live sessions of these credentials (a pasted leaked authtoken's, the selected bot's),
    /// asked at once: the full list comes last, minutes into a large account, and the deactivate
    /// dialog's offer to stop them too should not wait for it.
    case loadSessions(ofCredentials: [String])
    /// What these live sessions expose (`/endpoints`), for the detail pane showing them.
    case loadSessionEndpoints(sessionIDs: [String])
    /// Every bot and credential created at or after this time: one server-filtered listing per
    /// resource (`NgrokClient.createdSince`), answered with `.createdSinceLoaded`.
    case loadCreatedSince(Date)

    public var mutation: Mutation? {
        if case .mutate(let mutation) = self { return mutation }
        return nil
    }
}

extension Action {
    /// The server's answer to a change (a deactivate, a delete, a stop…): what it says is kept
    /// in the event log whatever its level.
    var isChangeOutcome: Bool {
        if case .mutationFinished = self { true } else { false }
    }

    /// The server's error carried by a result, for the event log.
    var error: NgrokError? {
        switch self {
        case .listFailed(_, _, let error): error
        case .mutationFinished(_, .failure(let error)): error
        case .mutationFinished(_, .success(.rotated(_, let error?))): error
        case .tunnelSessionsLoaded(_, .failure(let error)): error
        case .tunnelSessionsFound(_, .failure(let error)): error
        case .credentialSessionsLoaded(_, .failure(let error)): error
        case .ownerCredentialsFailed(_, _, _, let error): error
        case .createdSinceLoaded(_, .failure(let error)): error
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
