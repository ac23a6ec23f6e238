import BotBrowser
import Essentials
import NgrokAPI
import Synchronization

/// Performs the reducer's effects with the API client and sends what happened back as actions.
/// Every mutation is written to the audit log: an attempt line as it goes out, an outcome line when
/// it is answered. A line that cannot be written is reported (`Action.auditWriteFailed`), never dropped.
public final class EffectRunner: Sendable {
    private let client: any NgrokClient
    private let audit: AuditLog?
    private let cache: WarmCache?
    private let send: @Sendable (Action) -> Void
    /// How pages are handed over: by default as any result, or (the interactive loop's
    /// `deliver`) waiting until the reducer has taken each in, so pages never pile up.
    private let deliver: @Sendable (Action) async -> Void
    private let user: String
    /// Loads of older generations are cancelled when a refresh starts a new one.
    private let loads = Mutex<(generation: Int, tasks: [Task<Void, Never>])>((0, []))
    /// Changes started and not yet answered (what quitting must stop or wait for).
    private let changes = Mutex<(next: Int, open: [Int: StartedChange])>((0, [:]))

    public init(client: any NgrokClient, audit: AuditLog?, cache: WarmCache? = nil, user: String = AuditLog.localUser(),
                deliver: (@Sendable (Action) async -> Void)? = nil, send: @escaping @Sendable (Action) -> Void) {
        self.deliver = deliver ?? { send($0) }
        self.client = client
        self.audit = audit
        self.cache = cache
        self.user = user
        self.send = send
    }

    /// How long after the stops the containment is checked (`Effect.verifyContainment`).
    public var containmentCheckDelay: Duration { .seconds(3) }

    /// Starts `effect` in the background.
    public func run(_ effect: Effect) {
        guard let mutation = effect.mutation else {
            // A load stopped before it began sends nothing.
            return trackLoad(Task { if !Task.isCancelled { await self.perform(effect) } }, effect)
        }
        // Registered before the task runs, so a quit right after `y` finds the change queued.
        let started = start(mutation)
        _ = Task { await self.finish(started) }
    }

    /// Sends one change and waits for the server's answer: the one way a change is made, for the
    /// terminal UI (`run`, `perform`) and the runbook commands alike. The audit log gets its
    /// attempt line as the request goes out and its outcome line when it is answered.
    /// `replacementCreated` is handed a rotation's new credential (with its token) as soon as it
    /// exists, before the old one's delete is sent: whatever becomes of the delete, the token is not lost.
    public func apply(_ mutation: Mutation, replacementCreated: (@Sendable (Credential) -> Void)? = nil) async -> Result<MutationAnswer, NgrokError> {
        await apply(start(mutation), replacementCreated: replacementCreated)
    }

    /// A change registered as open, with its audit pair and the gate that tells "queued" from "sent".
    private func start(_ mutation: Mutation) -> StartedChange {
        let audited = AuditedChange(mutation.auditSubject(createdID: nil))
        return changes.withLock { changes in
            defer { changes.next += 1 }
            let started = StartedChange(id: changes.next, mutation: mutation, audited: audited, gate: attemptGate(audited))
            changes.open[started.id] = started
            return started
        }
    }

    private func apply(_ started: StartedChange, replacementCreated: (@Sendable (Credential) -> Void)?) async -> Result<MutationAnswer, NgrokError> {
        let mutation = started.mutation
        let result = await change(started, replacementCreated: replacementCreated)
        // Stopped while queued: `stopQueuedMutations` wrote its line when it stopped it. A rotation
        // wrote a line per step.
        if case .failure(.notSent) = result {} else if !isRotation(mutation) {
            write(started.audited, mutation.auditSubject(createdID: result.createdID), result)
        }
        changes.withLock { _ = $0.open.removeValue(forKey: started.id) }
        return result
    }

    /// `apply`, with the answer sent to the reducer.
    private func finish(_ started: StartedChange) async {
        let mutation = started.mutation
        let result = await apply(started) { self.send(.rotationReplacementCreated(mutation, $0)) }
        send(.mutationFinished(mutation, result))
    }

    /// Remembers a load's task; a load of a newer generation cancels the older ones. The sessions
    /// asked ahead of the full list belong to the load in progress, and go with it.
    private func trackLoad(_ task: Task<Void, Never>, _ effect: Effect) {
        switch effect {
        case .load(_, let generation), .loadOwnerCredentials(_, let generation), .loadTunnelSessions(let generation):
            loads.withLock { loads in
                if generation > loads.generation {
                    for old in loads.tasks { old.cancel() }
                    loads = (generation, [])
                }
                loads.tasks.append(task)
            }
        case .loadSessions:
            loads.withLock { $0.tasks.append(task) }
        default:
            break
        }
    }

    /// Stops every list load in progress (on quit: they would only spend the API's window).
    public func cancelLoads() {
        loads.withLock { loads in
            for task in loads.tasks { task.cancel() }
            loads.tasks = []
        }
    }

    /// For quitting: every change still queued (not yet sent) is stopped for good and audited as
    /// "not-sent". Returns how many. Changes already sent are left to finish.
    public func stopQueuedMutations() -> Int {
        let stopped = changes.withLock { changes in
            let queued = changes.open.filter { $0.value.gate.close() }
            for id in queued.keys { changes.open[id] = nil }
            return queued.sorted { $0.key < $1.key }.map(\.value)
        }
        for change in stopped {
            write(change.audited, change.mutation.auditSubject(createdID: nil), Result<Void, NgrokError>.failure(.notSent(endpoint: "request")))
        }
        return stopped.count
    }

    /// Waits, up to `limit`, for changes already sent to be answered (and audited), so quitting
    /// right after pressing `y` does not abandon a request. Those still unanswered are audited as
    /// "unknown"; returns how many.
    public func finishMutations(within limit: Duration) async -> Int {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if changes.withLock({ $0.open.isEmpty }) { return 0 }
            try? await Task.sleep(for: .milliseconds(20))
        }
        let unanswered = changes.withLock { changes in
            defer { changes.open = [:] }
            return changes.open.sorted { $0.key < $1.key }.map(\.value)
        }
        for change in unanswered {
            write(change.audited, change.mutation.auditSubject(createdID: nil),
                  Result<Void, NgrokError>.failure(.outcomeUnknown(endpoint: "request", message: "no answer before the program stopped")))
        }
        return unanswered.count
    }

    /// Performs `effect` and returns when its result has been sent.
    public func perform(_ effect: Effect) async {
        switch effect {
        case let .load(target, generation):
            await load(target, generation: generation)
        case let .loadOwnerCredentials(owner, generation):
            // A head start only: if it fails, the full listing running beside it still fills the
            // detail pane, and reports its own errors. So a server that refuses the owner filter is
            // not asked for every credential of the account instead.
            await FilterRefusal.$listsEverything.withValue(false) {
                await withTaskGroup(of: Void.self) { group in
                    for kind in CredentialKind.allCases {
                        group.addTask {
                            switch await self.outcome({ try await self.client.allCredentials(kind, ownerID: owner) }) {
                            case .success(let credentials): self.send(.ownerCredentials(generation: generation, owner: owner, kind, credentials))
                            // A delete dialog waiting on this answer must say it will not come.
                            case .failure(let error): self.send(.ownerCredentialsFailed(generation: generation, owner: owner, kind, error))
                            }
                        }
                    }
                }
            }
        case let .mutate(mutation):
            await finish(start(mutation))
        case let .lookUp(id):
            let result = await outcome { try await self.client.lookUp(id: id) }
            send(.lookupFinished(id: id, result))
        case let .verifyContainment(bot, credentialIDs):
            // Long enough for the stops to be answered and for an agent that reconnects at once to
            // have done so.
            try? await Task.sleep(for: containmentCheckDelay)
            let result = await outcome { try await ContainmentProbe.check(self.client, botID: bot.id, credentialIDs: credentialIDs) }
            send(.containmentChecked(bot: bot, result))
        case .loadSelf:
            let result = await outcome { try await self.client.whoAmI() }
            send(.selfLoaded(result))
        case let .lookUpToken(ksuid):
            let token = LeakedToken(ksuid: ksuid)
            let result = await outcome { try await self.client.lookUp(token: token) }
            send(.lookupFinished(id: ksuid, result))
        case let .lookUpOwner(id):
            let result = await outcome { try await self.client.lookUpBot(id: id).map(LookupResult.bot) ?? .notFound }
            send(.lookupFinished(id: id, result))
        case let .searchCredentials(text):
            await withTaskGroup(of: Void.self) { group in
                for kind in CredentialKind.allCases {
                    group.addTask {
                        // A 400 (a server without filters) or any failure: the full lists still come.
                        if let found = try? await self.client.findCredentials(kind, filter: .descriptionContains(text)) {
                            self.send(.credentialsFound(query: text, found))
                        }
                    }
                }
            }
        case let .cacheBots(bots):
            cache?.saveBots(bots)
        case let .loadTunnelSessions(generation):
            // The lowest priority: after every list the incident needs. Page by page, so the whole
            // list is never held twice (decoded, then indexed).
            let result: Result<[TunnelSession], NgrokError> = await outcome {
                for try await page in self.client.listTunnelSessions(filter: .all, priority: .background) {
                    if Task.isCancelled { return [] }
                    await self.deliver(.tunnelSessionsPage(generation: generation, page))
                }
                return []
            }
            if Task.isCancelled { return }
            send(.tunnelSessionsLoaded(generation: generation, result))
        case let .lookUpTunnelSessions(ip):
            let result = await outcome { try await self.client.tunnelSessions(from: ip) }
            send(.tunnelSessionsFound(ip: ip, result))
        case let .loadSessions(credentialIDs):
            // Ahead of the full list, like the owner's credentials: never the whole list instead.
            let result = await FilterRefusal.$listsEverything.withValue(false) {
                await outcome { try await self.client.allTunnelSessions(filter: .credentials(credentialIDs), priority: .interactive) }
            }
            if Task.isCancelled { return }
            send(.credentialSessionsLoaded(credentialIDs: credentialIDs, result))
        case let .loadSessionEndpoints(ids):
            let endpoints = await outcome { try await self.client.allEndpoints(.tunnelSessions(ids)) }
            send(.sessionEndpointsLoaded(sessionIDs: ids, endpoints))
        case let .loadCreatedSince(since):
            let result = await outcome { try await self.client.createdSince(since) }
            send(.createdSinceLoaded(since: since, result))
        case .copyToClipboard:
            // The terminal's business, done by the interactive loop.
            break
        }
    }

    private func load(_ target: LoadTarget, generation: Int) async {
        do {
            switch target {
            case .bots:
                var resolved = false
                for try await page in client.listBots() {
                    // Stopped by a newer load: the pages the client fetched ahead are not handed over.
                    if Task.isCancelled { return }
                    // The first page found the resource; asking now costs no request.
                    if !resolved { send(.resourceResolved(try await client.resource())) }
                    resolved = true
                    await deliver(.botsPage(generation: generation, page))
                }
            case .credentials(let kind):
                for try await page in client.listCredentials(kind, ownerID: nil) {
                    if Task.isCancelled { return }
                    await deliver(.credentialsPage(generation: generation, kind, page))
                }
            }
            // A cancelled list ends as if it were complete: it is not, and says nothing.
            if Task.isCancelled { return }
            send(.listFinished(generation: generation, target))
        } catch is CancellationError {
            return
        } catch {
            if Task.isCancelled { return }
            send(.listFailed(generation: generation, target, Self.ngrokError(error)))
        }
    }

    private func outcome<T: Sendable>(_ body: @Sendable () async throws -> T) async -> Result<T, NgrokError> {
        do {
            return .success(try await body())
        } catch {
            return .failure(Self.ngrokError(error))
        }
    }

    /// Sends one change. Each kind is one client call, except a rotation: the replacement first,
    /// the old credential deleted only once the new one exists, each step its own audit line.
    private func change(_ started: StartedChange, replacementCreated: (@Sendable (Credential) -> Void)?) async -> Result<MutationAnswer, NgrokError> {
        let gate = started.gate
        switch started.mutation {
        case let .setActive(bot, active, _):
            return await outcome { .bot(try await self.client.updateBot(id: bot.id, name: nil, active: active, gate: gate)) }
        case let .deleteBot(bot, _):
            return await outcome { try await self.client.deleteBot(id: bot.id, gate: gate); return .deleted }
        case let .createBot(name):
            return await outcome { .bot(try await self.client.createBot(name: name, active: true, gate: gate)) }
        case let .renameBot(bot, name):
            return await outcome { .bot(try await self.client.updateBot(id: bot.id, name: name, active: nil, gate: gate)) }
        case let .createCredential(kind, owner, description, publicKey):
            return await outcome {
                .credential(try await self.client.createCredential(kind, ownerID: owner.id, description: description, publicKey: publicKey, gate: gate))
            }
        case let .deleteCredential(credential):
            return await outcome { try await self.client.deleteCredential(credential.kind, id: credential.id, gate: gate); return .deleted }
        case let .stopSession(session):
            return await outcome { try await self.client.stopTunnelSession(id: session.id, gate: gate); return .deleted }
        case let .rotateCredential(old, owner, publicKey):
            let replacement = await outcome {
                try await self.client.createCredential(old.kind, ownerID: owner.id, description: old.description, metadata: old.metadata,
                                                       acl: old.acl, publicKey: publicKey, gate: gate)
            }
            write(started.audited, started.mutation.auditSubject(createdID: (try? replacement.get())?.id), replacement)
            guard case .success(let created) = replacement else { return replacement.map(MutationAnswer.credential) }
            // The new token is handed over now: the delete may never be answered.
            replacementCreated?(created)
            let ref = CredentialRef(id: old.id, kind: old.kind, description: old.description, owner: owner)
            // The delete is a change of its own in the log: its own attempt, outcome and gate.
            let deletion = AuditedChange(Mutation.deleteCredential(ref).auditSubject(createdID: nil))
            let deletionGate = attemptGate(deletion)
            let deleted = await outcome { try await self.client.deleteCredential(old.kind, id: old.id, gate: deletionGate) }
            write(deletion, deletion.subject, deleted)
            if case .failure(let error) = deleted, error.status != 404 { return .success(.rotated(created, oldDeleteError: error)) }
            return .success(.rotated(created, oldDeleteError: nil))
        }
    }

    private func isRotation(_ mutation: Mutation) -> Bool {
        if case .rotateCredential = mutation { return true }
        return false
    }

    static func ngrokError(_ error: any Error) -> NgrokError {
        if let error = error as? NgrokError { return error }
        return .transport(endpoint: "request", message: String(describing: error))
    }

    /// The gate that writes the change's attempt line as its request goes out.
    private func attemptGate(_ audited: AuditedChange) -> SendGate {
        SendGate { [self] in
            record(AuditEntry(time: APIJSON.formatTimestamp(Date()), user: user, apiHost: client.apiHost, action: audited.subject.action,
                              targetID: audited.subject.id, targetName: audited.subject.name, outcome: "pending",
                              message: audited.subject.note, phase: AuditEntry.attempt, changeID: audited.id))
        }
    }

    private func write<T>(_ audited: AuditedChange, _ subject: AuditSubject, _ result: Result<T, NgrokError>) {
        var entry = AuditEntry(time: APIJSON.formatTimestamp(Date()), user: user, apiHost: client.apiHost, action: subject.action,
                               targetID: subject.id, targetName: subject.name, outcome: "ok", message: subject.note,
                               phase: AuditEntry.outcomePhase, changeID: audited.id)
        if case .failure(let error) = result {
            entry.httpStatus = error.status
            entry.errorCode = error.code
            entry.operationID = error.operationID
            entry.message = [subject.note, error.summary].compactMap { $0 }.joined(separator: "; ")
            switch error {
            case .outcomeUnknown: entry.outcome = "unknown"
            case .notSent: entry.outcome = "not-sent"
            default: entry.outcome = error.status == 404 && (subject.action.hasPrefix("delete") || subject.action == "stop-session") ? "already-gone" : "failed"
            }
        }
        record(entry)
    }

    /// Appends a line; one that cannot be written is told to the user, with what it would have said.
    private func record(_ entry: AuditEntry) {
        guard let audit else { return }
        do {
            try audit.append(entry)
        } catch {
            // A create's attempt has no id yet: its name says which.
            let target = entry.targetID.isEmpty ? entry.targetName : entry.targetID
            let what = entry.isAttempt ? "that \(entry.action) \(target) was sent" : "the outcome of \(entry.action) \(target) (\(entry.outcome))"
            send(.auditWriteFailed("Audit log not written, \(what) is not recorded: \(error.message)"))
        }
    }
}

/// A change from the moment it is started: what it is, its audit pair, and the gate that tells
/// "queued" from "sent".
private struct StartedChange: Sendable {
    let id: Int
    let mutation: Mutation
    let audited: AuditedChange
    let gate: SendGate
}
