import Foundation
import NgrokAPI
import Synchronization

/// Performs the reducer's effects with the API client and sends what happened back as actions.
/// Every mutation is written to the audit log with its outcome.
public final class EffectRunner: Sendable {
    private let client: any NgrokClient
    private let audit: AuditLog?
    private let cache: WarmCache?
    private let send: @Sendable (Action) -> Void
    private let user: String
    /// Loads of older generations are cancelled when a refresh starts a new one.
    private let loads = Mutex<(generation: Int, tasks: [Task<Void, Never>])>((0, []))
    /// Changes started and not yet answered, each with the gate that tells "queued" from "sent".
    private let changes = Mutex<(next: Int, open: [Int: (effect: Effect, gate: SendGate)])>((0, [:]))

    public init(client: any NgrokClient, audit: AuditLog?, cache: WarmCache? = nil, user: String = AuditLog.localUser(),
                send: @escaping @Sendable (Action) -> Void) {
        self.client = client
        self.audit = audit
        self.cache = cache
        self.user = user
        self.send = send
    }

    /// Starts `effect` in the background.
    public func run(_ effect: Effect) {
        guard effect.isMutation else {
            return trackLoad(Task { await self.perform(effect) }, effect)
        }
        let gate = SendGate()
        let id = changes.withLock { changes in
            defer { changes.next += 1 }
            changes.open[changes.next] = (effect, gate)
            return changes.next
        }
        _ = Task {
            await SendGate.$current.withValue(gate) { await self.perform(effect) }
            self.changes.withLock { _ = $0.open.removeValue(forKey: id) }
        }
    }

    /// Remembers a load's task; a load of a newer generation cancels the older ones.
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
            return queued.sorted { $0.key < $1.key }.map(\.value.effect)
        }
        for effect in stopped {
            write(effect, Result<Void, NgrokError>.failure(.notSent(endpoint: "request")))
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
            return changes.open.sorted { $0.key < $1.key }.map(\.value.effect)
        }
        for effect in unanswered {
            write(effect, Result<Void, NgrokError>.failure(.outcomeUnknown(endpoint: "request", message: "no answer before the program stopped")))
        }
        return unanswered.count
    }

    /// Performs `effect` and returns when its result has been sent.
    public func perform(_ effect: Effect) async {
        switch effect {
        case let .load(target, generation):
            await load(target, generation: generation)
        case let .loadOwnerCredentials(owner, generation):
            await withTaskGroup(of: Void.self) { group in
                for kind in CredentialKind.allCases {
                    group.addTask {
                        // A head start only: if it fails, the full listing running beside it still
                        // fills the detail pane, and reports its own errors.
                        if let credentials = try? await self.client.allCredentials(kind, ownerID: owner) {
                            self.send(.ownerCredentials(generation: generation, owner: owner, kind, credentials))
                        }
                    }
                }
            }
        case let .setActive(bot, active, bulk):
            let result = await outcome { try await self.client.updateBot(id: bot.id, name: nil, active: active) }
            record(effect, result)
            send(.activeSet(bot, active: active, result, bulk: bulk))
        case let .deleteBot(bot, _):
            let result = await outcome { try await self.client.deleteBot(id: bot.id) }
            record(effect, result)
            send(.botDeleted(bot, result))
        case let .createBot(name):
            let result = await outcome { try await self.client.createBot(name: name, active: true) }
            record(effect, result, createdID: (try? result.get())?.id)
            send(.botCreated(name: name, result))
        case let .renameBot(bot, name):
            let result = await outcome { try await self.client.updateBot(id: bot.id, name: name, active: nil) }
            record(effect, result)
            send(.botRenamed(bot, name: name, result))
        case let .createCredential(kind, owner, description, publicKey):
            let result = await outcome {
                try await self.client.createCredential(kind, ownerID: owner.id, description: description, publicKey: publicKey)
            }
            record(effect, result, createdID: (try? result.get())?.id)
            send(.credentialCreated(kind, owner: owner, result))
        case let .deleteCredential(credential):
            let result = await outcome { try await self.client.deleteCredential(credential.kind, id: credential.id) }
            record(effect, result)
            send(.credentialDeleted(credential, result))
        case let .rotateCredential(old, owner, publicKey):
            await rotate(old, owner: owner, publicKey: publicKey, effect)
        case let .lookUp(id):
            let result = await outcome { try await self.client.lookUp(id: id) }
            send(.lookupFinished(id: id, result))
        case let .lookUpOwner(id):
            let result = await outcome { try await self.client.lookUpBot(id: id).map(LookupResult.bot) ?? .notFound }
            send(.lookupFinished(id: id, result))
        case let .cacheBots(bots):
            cache?.saveBots(bots)
        case let .loadTunnelSessions(generation):
            // The lowest priority: after every list the incident needs.
            let result = await outcome { try await self.client.allTunnelSessions(filter: .all, priority: .background) }
            if Task.isCancelled { return }
            send(.tunnelSessionsLoaded(generation: generation, result))
        case let .lookUpTunnelSessions(ip):
            let result = await outcome { try await self.client.tunnelSessions(from: ip) }
            send(.tunnelSessionsFound(ip: ip, result))
        case let .stopTunnelSession(session):
            let result = await outcome { try await self.client.stopTunnelSession(id: session.id) }
            record(effect, result)
            send(.tunnelSessionStopped(session, result))
        case .copyToClipboard, .quit:
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
                    // The first page found the resource; asking now costs no request.
                    if !resolved { send(.resourceResolved(try await client.resource())) }
                    resolved = true
                    send(.botsPage(generation: generation, page))
                }
            case .credentials(let kind):
                for try await page in client.listCredentials(kind, ownerID: nil) {
                    send(.credentialsPage(generation: generation, kind, page))
                }
            }
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

    /// The replacement first; the old credential is deleted only once the new one exists, so a
    /// failed create leaves everything as it was. Each step is its own audit line.
    private func rotate(_ old: Credential, owner: BotRef, publicKey: String?, _ effect: Effect) async {
        let replacement = await outcome {
            try await self.client.createCredential(old.kind, ownerID: owner.id, description: old.description, metadata: old.metadata,
                                                   acl: old.acl, publicKey: publicKey)
        }
        record(effect, replacement, createdID: (try? replacement.get())?.id)
        let ref = CredentialRef(id: old.id, kind: old.kind, description: old.description, owner: owner)
        var oldDeleted: Result<Void, NgrokError>?
        if case .success = replacement {
            let deleted = await outcome { try await self.client.deleteCredential(old.kind, id: old.id) }
            record(.deleteCredential(ref), deleted)
            oldDeleted = deleted
        }
        send(.credentialRotated(ref, replacement: replacement, oldDeleted: oldDeleted))
    }

    static func ngrokError(_ error: any Error) -> NgrokError {
        if let error = error as? NgrokError { return error }
        return .transport(endpoint: "request", message: String(describing: error))
    }

    /// What the audit log names for a change: its action, its target and a note.
    private static func subject(of effect: Effect, createdID: String?) -> (action: String, id: String, name: String, note: String?)? {
        switch effect {
        case let .setActive(bot, active, _):
            return (active ? "activate" : "deactivate", bot.id, bot.name, nil)
        case let .deleteBot(bot, owned):
            return ("delete-bot", bot.id, bot.name, "revoked \(owned.phrase)")
        case let .createBot(name):
            return ("create-bot", createdID ?? "", name, nil)
        case let .renameBot(bot, name):
            return ("rename-bot", bot.id, bot.name, "new name: \(name)")
        case let .createCredential(kind, owner, description, _):
            return ("create-\(kind.auditName)", createdID ?? "", description, "owner \(owner.id) (\(owner.name))")
        case let .rotateCredential(old, owner, _):
            return ("create-\(old.kind.auditName)", createdID ?? "", old.description,
                    "replacement for \(old.id) (rotation); owner \(owner.id) (\(owner.name))")
        case let .deleteCredential(credential):
            return ("delete-\(credential.kind.auditName)", credential.id, credential.description,
                    "owner \(credential.owner.id) (\(credential.owner.name))")
        case let .stopTunnelSession(session):
            return ("stop-session", session.id, TextSanitizer.clean(session.ip),
                    "credential \(session.credentialID); owner \(session.owner.id) (\(session.owner.name)); region \(TextSanitizer.clean(session.region))")
        case .load, .loadOwnerCredentials, .lookUp, .lookUpOwner, .cacheBots, .copyToClipboard, .quit, .loadTunnelSessions, .lookUpTunnelSessions:
            return nil
        }
    }

    private func record<T>(_ effect: Effect, _ result: Result<T, NgrokError>, createdID: String? = nil) {
        // Stopped while queued: `stopQueuedMutations` wrote its line when it stopped it.
        if case .failure(.notSent) = result { return }
        write(effect, result, createdID: createdID)
    }

    private func write<T>(_ effect: Effect, _ result: Result<T, NgrokError>, createdID: String? = nil) {
        guard let audit, let subject = Self.subject(of: effect, createdID: createdID) else { return }
        var entry = AuditEntry(time: APIJSON.formatTimestamp(Date()), user: user, apiHost: client.apiHost, action: subject.action,
                               targetID: subject.id, targetName: subject.name, outcome: "ok", message: subject.note)
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
        audit.append(entry)
    }
}
