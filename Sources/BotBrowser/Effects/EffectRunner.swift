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
    /// Changes sent to the server whose answer has not come back yet.
    private let mutationsInFlight = Mutex(0)

    public init(client: any NgrokClient, audit: AuditLog?, cache: WarmCache? = nil,
                user: String = ProcessInfo.processInfo.environment["USER"] ?? "unknown", send: @escaping @Sendable (Action) -> Void) {
        self.client = client
        self.audit = audit
        self.cache = cache
        self.user = user
        self.send = send
    }

    /// Starts `effect` in the background.
    public func run(_ effect: Effect) {
        if effect.isMutation { mutationsInFlight.withLock { $0 += 1 } }
        let task = Task {
            await self.perform(effect)
            if effect.isMutation { self.mutationsInFlight.withLock { $0 -= 1 } }
        }
        switch effect {
        case .load(_, let generation), .loadOwnerCredentials(_, let generation):
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

    /// Waits, up to `limit`, for changes already sent to be answered (and audited), so quitting
    /// right after pressing `y` does not abandon a request. Returns how many are still unanswered.
    public func finishMutations(within limit: Duration) async -> Int {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if mutationsInFlight.withLock({ $0 }) == 0 { return 0 }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return mutationsInFlight.withLock { $0 }
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
            record(active ? "activate" : "deactivate", id: bot.id, name: bot.name, result)
            send(.activeSet(bot, active: active, result, bulk: bulk))
        case let .deleteBot(bot, owned):
            let result = await outcome { try await self.client.deleteBot(id: bot.id) }
            record("delete-bot", id: bot.id, name: bot.name, result, note: "revoked \(owned.phrase)")
            send(.botDeleted(bot, result))
        case let .createBot(name):
            let result = await outcome { try await self.client.createBot(name: name, active: true) }
            record("create-bot", id: (try? result.get())?.id ?? "", name: name, result)
            send(.botCreated(name: name, result))
        case let .renameBot(bot, name):
            let result = await outcome { try await self.client.updateBot(id: bot.id, name: name, active: nil) }
            record("rename-bot", id: bot.id, name: bot.name, result, note: "new name: \(name)")
            send(.botRenamed(bot, name: name, result))
        case let .createCredential(kind, owner, description, publicKey):
            let result = await outcome {
                try await self.client.createCredential(kind, ownerID: owner.id, description: description, publicKey: publicKey)
            }
            record("create-\(kind.rawValue)", id: (try? result.get())?.id ?? "", name: description,
                   result, note: "owner \(owner.id) (\(owner.name))")
            send(.credentialCreated(kind, owner: owner, result))
        case let .deleteCredential(credential):
            let result = await outcome { try await self.client.deleteCredential(credential.kind, id: credential.id) }
            record("delete-\(credential.kind.rawValue)", id: credential.id, name: credential.description, result,
                   note: "owner \(credential.owner.id) (\(credential.owner.name))")
            send(.credentialDeleted(credential, result))
        case let .lookUp(id):
            let result = await outcome { try await self.client.lookUp(id: id) }
            send(.lookupFinished(id: id, result))
        case let .lookUpOwner(id):
            let result = await outcome { try await self.client.lookUpBot(id: id).map(LookupResult.bot) ?? .notFound }
            send(.lookupFinished(id: id, result))
        case let .searchCredentials(text):
            await withTaskGroup(of: Void.self) { group in
                for kind in CredentialKind.allCases {
                    group.addTask {
                        // A 400 (a server without filters) or any failure: the full lists still come.
                        if let found = try? await self.client.findCredentials(kind, filter: CELFilter.descriptionContains(text)) {
                            self.send(.credentialsFound(query: text, found))
                        }
                    }
                }
            }
        case let .cacheBots(bots):
            cache?.saveBots(bots)
        case .quit:
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

    static func ngrokError(_ error: any Error) -> NgrokError {
        if let error = error as? NgrokError { return error }
        return .transport(endpoint: "request", message: String(describing: error))
    }

    private func record<T>(_ action: String, id: String, name: String, _ result: Result<T, NgrokError>, note: String? = nil) {
        guard let audit else { return }
        var entry = AuditEntry(time: APIJSON.formatTimestamp(Date()), user: user, apiHost: client.apiHost, action: action,
                               targetID: id, targetName: name, outcome: "ok", message: note)
        if case .failure(let error) = result {
            entry.httpStatus = error.status
            entry.errorCode = error.code
            entry.operationID = error.operationID
            entry.message = [note, error.summary].compactMap { $0 }.joined(separator: "; ")
            if case .outcomeUnknown = error {
                entry.outcome = "unknown"
            } else {
                entry.outcome = error.status == 404 && action.hasPrefix("delete") ? "already-gone" : "failed"
            }
        }
        audit.append(entry)
    }
}
