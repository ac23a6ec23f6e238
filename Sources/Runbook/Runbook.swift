import BotBrowser
import BotBrowserEffects
import Essentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NgrokAPI

/// The non-interactive commands' engine: finds bots and credentials and changes them through the
/// same client, limiter, effect runner and audit log as the terminal UI. The command-line shells
/// in the executable only parse arguments, ask for confirmation and print.
public struct Runbook: Sendable {
    public let client: any NgrokClient
    public let readOnly: Bool
    private let runner: EffectRunner

    /// - Parameter warn: told when an audit line cannot be written (default: a warning on stderr);
    ///   the command goes on, since the change itself was sent.
    public init(client: any NgrokClient, audit: AuditLog?, readOnly: Bool = false,
                warn: @escaping @Sendable (String) -> Void = Runbook.warnOnStandardError) {
        self.client = client
        self.readOnly = readOnly
        // Answers come back from `apply`; what the runner tells besides is an audit line not written.
        self.runner = EffectRunner(client: client, audit: audit) { action in
            if case .auditWriteFailed(let message) = action { warn(TextSanitizer.clean(message)) }
        }
    }

    /// One line on stderr, written at once (an audit line that could not be written).
    public static func warnOnStandardError(_ message: String) {
        let line = Array("warning: \(message)\n".utf8)
        _ = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }

    // MARK: Finding

    /// A bot named by its id or by its exact name. A name two bots share is refused with the
    /// candidates listed, with what tells them apart (state, creation time, what each owns).
    public func resolveBot(_ text: String) async throws(RunbookError) -> BotUser {
        let wanted = text.trimmedOfSpaces
        if ObjectID.isMalformed(wanted) { throw .malformedID(wanted, lookingFor: "bot") }
        do {
            if ObjectID.guess(wanted) == .bot {
                guard let bot = try await client.lookUpBot(id: wanted) else {
                    throw RunbookError(.notFound, "no bot \(wanted) in this account")
                }
                return bot
            }
            let named = try await client.allBots().filter { $0.name == wanted }
            switch named.count {
            case 0:
                let shown = wanted.isEmpty || wanted.contains(where: \.isWhitespace) ? "\"\(wanted)\"" : wanted
                throw RunbookError(.notFound, "no bot \(shown) (no bot has that id or exact name; names are matched exactly)")
            case 1: return named[0]
            default: throw await ambiguous(wanted, named)
            }
        } catch {
            throw RunbookError.from(error)
        }
    }

    /// The refusal of a name several bots share: enough candidates to pick from on a terminal, each
    /// with its credential counts (three owner-filtered lists each, asked together); `find NAME
    /// --json` lists them all.
    private func ambiguous(_ name: String, _ named: [BotUser]) async -> RunbookError {
        let shown = Array(named.prefix(20))
        let counts = await withTaskGroup(of: (Int, CredentialCounts?).self) { group in
            for (index, bot) in shown.enumerated() {
                group.addTask { (index, try? CredentialCounts(await self.credentials(of: bot))) }
            }
            return await group.reduce(into: [Int: CredentialCounts]()) { $0[$1.0] = $1.1 }
        }
        let more = named.count > shown.count ? "\n… and \(named.count - shown.count) more (find \"\(name)\" --json lists them all)" : ""
        return RunbookError(.ambiguous, "\(named.count) bots are named \"\(name)\"; name one by its id:\n"
                            + RunbookReport.candidatesTable(shown.enumerated().map { ($1, counts[$0]) }) + more)
    }

    /// Every credential the bot owns: API keys, authtokens, SSH keys, each newest first.
    public func credentials(of bot: BotUser) async throws(RunbookError) -> [Credential] {
        do {
            async let keys = client.allCredentials(.apiKey, ownerID: bot.id)
            async let tokens = client.allCredentials(.authtoken, ownerID: bot.id)
            async let ssh = client.allCredentials(.sshCredential, ownerID: bot.id)
            return try await (keys + tokens + ssh).newestFirst
                .sorted { CredentialKind.allCases.firstIndex(of: $0.kind)! < CredentialKind.allCases.firstIndex(of: $1.kind)! }
        } catch {
            throw RunbookError.from(error)
        }
    }

    // MARK: Changing

    /// Deactivates or activates each bot. Always sent, also to a bot read as already in that state
    /// (it may have changed since it was read; the PATCH is idempotent): `changed` says whether the
    /// server's answer differs from what was read.
    public func setActive(_ bots: [BotUser], active: Bool) async throws(RunbookError) -> [SetActiveOutcome] {
        try refuseIfReadOnly(active ? "activate" : "deactivate")
        var outcomes: [SetActiveOutcome] = []
        for bot in bots {
            switch await perform(.setActive(BotRef(bot), active: active, bulk: false)) {
            case .success(let answer): outcomes.append(SetActiveOutcome(bot: answer.bot ?? bot, changed: bot.active != active, error: nil))
            case .failure(let error): outcomes.append(SetActiveOutcome(bot: bot, changed: false, error: error))
            }
        }
        return outcomes
    }

    /// Deletes the bot; every credential it owns is revoked with it by the server.
    public func deleteBot(_ bot: BotUser, owned: [Credential]) async throws(RunbookError) {
        try refuseIfReadOnly("delete")
        if case .failure(let error) = await perform(.deleteBot(BotRef(bot), owned: CredentialCounts(owned))), error.status != 404 {
            throw .api(error)
        }
    }

    public func createBot(name: String) async throws(RunbookError) -> BotUser {
        try refuseIfReadOnly("create-bot")
        if let problem = Validation.botName(name) { throw RunbookError(.usage, problem) }
        return try await answer(.createBot(name: name), \.bot)
    }

    public func rename(_ bot: BotUser, to name: String) async throws(RunbookError) -> BotUser {
        try refuseIfReadOnly("rename")
        if let problem = Validation.botName(name) { throw RunbookError(.usage, problem) }
        return try await answer(.renameBot(BotRef(bot), name: name), \.bot)
    }

    /// Creates a credential owned by the bot; the answer carries its secret, once.
    public func createCredential(_ kind: CredentialKind, owner: BotUser, description: String,
                                 publicKey: String?) async throws(RunbookError) -> Credential {
        try refuseIfReadOnly("create-credential")
        if kind == .sshCredential {
            guard let publicKey else { throw RunbookError(.usage, "an SSH key needs --public-key-file") }
            if let problem = Validation.publicKey(publicKey) { throw RunbookError(.usage, problem) }
        }
        return try await answer(.createCredential(kind, owner: BotRef(owner), description: description, publicKey: publicKey), \.credential)
    }

    // MARK: Helpers

    public func refuseIfReadOnly(_ command: String) throws(RunbookError) {
        if readOnly { throw RunbookError(.refused, "read-only: \(command) is not available (started with --read-only)") }
    }

    /// Performs one change as the terminal UI does (`EffectRunner.apply`: sent, audited) and
    /// returns the server's answer.
    func perform(_ mutation: Mutation, replacementCreated: (@Sendable (Credential) -> Void)? = nil) async -> Result<MutationAnswer, NgrokError> {
        await runner.apply(mutation, replacementCreated: replacementCreated)
    }

    /// The part of the answer a kind of change must have, or its failure as a runbook error.
    func answer<T>(_ mutation: Mutation, _ pick: (MutationAnswer) -> T?) async throws(RunbookError) -> T {
        let result = await perform(mutation)
        guard case .success(let answer) = result else {
            if case .failure(let error) = result { throw .api(error) }
            throw RunbookError(.apiError, "no answer")
        }
        guard let value = pick(answer) else { throw RunbookError(.apiError, "unexpected answer \(answer)") }
        return value
    }
}

/// What happened to one bot of a deactivate or activate.
public struct SetActiveOutcome: Sendable, Equatable {
    public var bot: BotUser
    /// False when it already was in the wanted state (nothing sent) or the change failed.
    public var changed: Bool
    public var error: NgrokError?
}
