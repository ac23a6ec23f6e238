import NgrokAPI

/// What the server answered to each mutation. Success updates the state to the server's word;
/// failure rolls back what was shown and says why, with status, code and operation id.
extension Reducer {
    /// Routes a change's answer to the code for its kind.
    static func mutationFinished(_ state: inout AppState, _ mutation: Mutation, _ result: Result<MutationAnswer, NgrokError>) -> [Effect] {
        let wasSelected = mutation.actedOnBot != nil && mutation.actedOnBot == state.browser.selectedID
        defer { if wasSelected, let id = mutation.actedOnBot { keepSelected(&state, id) } }
        switch mutation {
        case let .setActive(bot, active, bulk):
            activeSet(&state, bot, active: active, expect(result, \.bot), bulk: bulk)
            let contained = !active && (try? result.get()) != nil
            let stops = stopsReleased(&state, bot: bot, contained: contained)
            // Failed: what the bot is now is the server's to say (it was sent whatever the screen
            // showed, so the screen's earlier state is no guide); asked again at once.
            if case .failure(let error) = result, error.status != 404 { return stops + [.lookUpOwner(id: bot.id)] }
            return stops
        case let .deleteBot(bot, _):
            botDeleted(&state, bot, result.map { _ in () })
            let gone: Bool = switch result {
            case .success: true
            case .failure(let error): error.status == 404
            }
            return stopsReleased(&state, bot: bot, contained: gone)
        case let .createBot(name):
            return botCreated(&state, name: name, expect(result, \.bot))
        case let .renameBot(bot, name):
            botRenamed(&state, bot, name: name, expect(result, \.bot))
        case let .createCredential(kind, owner, _, _):
            return credentialCreated(&state, kind, owner: owner, expect(result, \.credential))
        case let .deleteCredential(credential):
            credentialDeleted(&state, credential, result.map { _ in () })
        case let .stopSession(session):
            tunnelSessionStopped(&state, session, result.map { _ in () })
        case let .rotateCredential(old, owner, _):
            let ref = CredentialRef(id: old.id, kind: old.kind, description: old.description, owner: owner)
            guard case .success(.rotated(let replacement, let deleteError)) = result else {
                return credentialRotated(&state, ref, replacement: expect(result, \.credential), oldDeleted: nil)
            }
            return credentialRotated(&state, ref, replacement: .success(replacement),
                                     oldDeleted: deleteError.map { .failure($0) } ?? .success(()))
        }
        return []
    }

    /// The answer a kind of change must have; anything else is reported, not trusted.
    private static func expect<T>(_ result: Result<MutationAnswer, NgrokError>, _ pick: (MutationAnswer) -> T?) -> Result<T, NgrokError> {
        result.flatMap { answer in
            pick(answer).map { .success($0) } ?? .failure(.decoding(endpoint: "answer", message: "unexpected answer \(answer)"))
        }
    }

    static func activeSet(_ state: inout AppState, _ bot: BotRef, active: Bool, _ result: Result<BotUser, NgrokError>, bulk: Bool) {
        state.changes.pending[bot.id] = nil
        let verb = active ? "Activated" : "Deactivated"
        var failure: String?
        switch result {
        case .success(let updated):
            state.upsertBots([updated])
            if !bulk { state.ui.flash = Flash("\(verb) \(updated.name)" + (active ? "" : stillLiveNote(state, updated))) }
        case .failure(let error) where error.status == 404:
            state.removeBot(id: bot.id)
            failure = "\(bot.name) no longer exists on the server (\(error.summary))"
        case .failure(let error):
            failure = "\(bot.name): \(error.summary)"
        }
        guard bulk, var progress = state.changes.bulk else {
            if let failure { state.ui.flash = Flash("Could not \(active ? "activate" : "deactivate") \(failure)", .error) }
            return
        }
        progress.done += 1
        if let failure { progress.failures.append(failure) }
        state.changes.bulk = progress
        if progress.finished {
            let succeeded = progress.total - progress.failures.count
            if progress.failures.isEmpty {
                state.ui.flash = Flash("\(verb) \(succeeded) bots")
            } else {
                state.ui.flash = Flash("\(verb) \(succeeded) of \(progress.total); failed: " + progress.failures.joined(separator: "; "), .error)
            }
            state.browser.marked.subtract(state.browser.marked.filter { state.bots[$0]?.active == active })
        }
    }

    static func botDeleted(_ state: inout AppState, _ bot: BotRef, _ result: Result<Void, NgrokError>) {
        state.changes.pending[bot.id] = nil
        switch result {
        case .success:
            let owned = state.account.credentialCount(of: bot.id)
            removeBotThisActionExplains(&state, id: bot.id)
            state.ui.flash = Flash("Deleted \(bot.name)" + (owned == 0 ? " (it owned no credentials)" : " and every credential it owned"))
        case .failure(let error) where error.status == 404:
            removeBotThisActionExplains(&state, id: bot.id)
            state.ui.flash = Flash("\(bot.name) was already gone from the server", .warning)
        case .failure(let error):
            state.ui.flash = Flash("Could not delete \(bot.name): \(error.summary)", .error)
        }
    }

    /// Removes a bot the server says is gone, when the action removing it says why itself
    /// ("Deleted …", "already gone"): the detail pane that showed it goes back to the list, and the
    /// selection's move is not reported again at the end of `reduce`.
    static func removeBotThisActionExplains(_ state: inout AppState, id: String) {
        state.removeBot(id: id)
        state.panes.closeDetail()
        state.refreshVisible()
        state.browser.selectionLoss = nil
    }

    static func botCreated(_ state: inout AppState, name: String, _ result: Result<BotUser, NgrokError>) -> [Effect] {
        switch result {
        case .success(let bot):
            state.upsertBots([bot])
            state.refreshVisible()
            // The selection always names a visible bot: a filter typed meanwhile may hide the new one.
            let shown = state.visibleIDs.contains(bot.id)
            if shown { state.browser.selectedID = bot.id }
            state.clampScroll()
            state.ui.flash = sharedName(state, bot) ?? Flash("Created bot \(bot.name) (\(bot.id))" + (shown ? "" : "; the filter hides it"))
        case .failure(let error):
            if case .outcomeUnknown = error {
                state.ui.flash = Flash("\(error.summary); reloading", .error)
                return startLoad(&state)
            }
            openPrompt(&state, .createBot, text: name, error: error.summary)
            state.ui.flash = Flash("Could not create bot \(name): \(error.summary)", .error)
        }
        return []
    }

    /// A name another bot has too is allowed by the API, and makes every later use of it by name
    /// ambiguous: said when it happens, not at the next incident.
    static func sharedName(_ state: AppState, _ bot: BotUser) -> Flash? {
        let others = state.bots.values.filter { $0.name == bot.name && $0.id != bot.id }.count
        guard others > 0 else { return nil }
        return Flash("\(bot.id) is now named \(bot.name), as \(others) other bot\(others == 1 ? " is" : "s are"): "
                     + "name it by its id (ngrok-bots refuses an ambiguous name, exit 4)", .warning)
    }

    static func botRenamed(_ state: inout AppState, _ bot: BotRef, name: String, _ result: Result<BotUser, NgrokError>) {
        state.changes.pending[bot.id] = nil
        switch result {
        case .success(let updated):
            state.upsertBots([updated])
            state.ui.flash = sharedName(state, updated) ?? Flash("Renamed \(bot.name) to \(updated.name)")
        case .failure(let error):
            state.ui.flash = Flash("Could not rename \(bot.name): \(error.summary)", .error)
        }
    }

    static func credentialCreated(_ state: inout AppState, _ kind: CredentialKind, owner: BotRef, _ result: Result<Credential, NgrokError>) -> [Effect] {
        switch result {
        case .success(let credential):
            state.account.insert(credential)
            putDetailCursor(&state, on: credential.id)
            state.ui.flash = Flash("Created \(kind.singular) \(credential.id) for \(owner.name)")
            if let secret = credential.token, !secret.isEmpty {
                state.panes.push(.secret(SecretDisplay(credentialID: credential.id, kind: kind, owner: owner, secret: secret)))
            }
        case .failure(let error):
            if case .outcomeUnknown = error {
                state.ui.flash = Flash("\(error.summary); reloading", .error)
                return startLoad(&state)
            }
            state.ui.flash = Flash("Could not create \(kind.singular) for \(owner.name): \(error.summary)", .error)
        }
        return []
    }

    /// A rotation's replacement, with its token, as soon as the create answers: the secret is shown
    /// now, while the old credential's delete is still on its way.
    static func rotationReplacementCreated(_ state: inout AppState, _ mutation: Mutation, _ created: Credential) -> [Effect] {
        guard case let .rotateCredential(old, owner, _) = mutation else { return [] }
        _ = credentialCreated(&state, old.kind, owner: owner, .success(created))
        state.ui.flash = Flash("Rotating \(old.id): created \(created.id); deleting \(old.id)…")
        return []
    }

    /// The new secret is shown once; the message says what became of the old credential.
    static func credentialRotated(_ state: inout AppState, _ old: CredentialRef, replacement: Result<Credential, NgrokError>,
                                  oldDeleted: Result<Void, NgrokError>?) -> [Effect] {
        guard case .success(let created) = replacement else {
            // A lost answer reloads, as for any create; a refusal says the old credential is untouched.
            let effects = credentialCreated(&state, old.kind, owner: old.owner, replacement)
            if effects.isEmpty, case .failure(let error) = replacement {
                state.ui.flash = Flash("Could not rotate \(old.id): its replacement was not created, nothing was deleted: \(error.summary)", .error)
            }
            return effects
        }
        // Shown when the create answered (`rotationReplacementCreated`); only once.
        if !state.account.credentials(of: old.owner.id).contains(where: { $0.id == created.id }) {
            _ = credentialCreated(&state, old.kind, owner: old.owner, .success(created))
        }
        switch oldDeleted {
        case .success?, .failure(.api(status: 404, _, _, _, _))?:
            state.account.removeCredential(id: old.id)
            state.ui.flash = stillConnected(state, old.id) ?? Flash("Rotated \(old.id): replaced by \(created.id), and \(old.id) is deleted")
        case .failure(let error)?:
            state.ui.flash = Flash("\(created.id) was created but \(old.id) still works: deleting it failed: \(error.summary)", .error)
        case nil:
            break
        }
        state.browser.detailCursor = max(0, min(state.browser.detailCursor, state.selectedCredentials.count - 1))
        putDetailCursor(&state, on: created.id)
        return []
    }

    /// The detail cursor goes to a credential just made for the selected bot: the next thing done
    /// is usually to it (copy its id, check it), not to the first API key.
    static func putDetailCursor(_ state: inout AppState, on credentialID: String) {
        guard let at = state.selectedCredentials.firstIndex(where: { $0.id == credentialID }) else { return }
        state.browser.detailCursor = at
        state.browser.detailSessionID = nil
    }

    /// A change can make the bot it was made to stop matching the filter (the session stopped or
    /// the key rotated was what matched). The next step of an incident is on the same bot, so the
    /// filter goes and the bot stays selected, rather than "No bot selected".
    static func keepSelected(_ state: inout AppState, _ id: String) {
        state.refreshVisible()
        // Said below, with what is done about it.
        state.browser.selectionLoss = nil
        guard state.bots[id] != nil, !state.visibleIDs.contains(id), !state.browser.filterText.isEmpty else { return }
        let filter = TextSanitizer.clean(state.browser.filterText.trimmed)
        state.browser.filterText = ""
        state.refreshVisible()
        guard let index = state.visibleIDs.firstIndex(of: id) else { return }
        state.select(index: index)
        state.clampScroll()
        let note = "\(TextSanitizer.clean(state.bots[id]?.name ?? id)) no longer matches \"\(filter)\": filter cleared, it stays selected"
        if let flash = state.ui.flash, flash.level == .error || flash.level == .warning {
            state.ui.flash = Flash(flash.text + "; " + note, flash.level)
        } else {
            state.ui.flash = Flash((state.ui.flash.map { $0.text + "; " } ?? "") + note)
        }
    }

    /// A deleted credential's live sessions go on (an agent keeps its session until it reconnects),
    /// and with the credential gone they show under no bot: said, with how to stop them.
    static func stillConnected(_ state: AppState, _ credentialID: String) -> Flash? {
        let live = state.account.sessions.sessions(of: credentialID).map(\.id).sorted()
        guard !live.isEmpty else { return nil }
        return Flash("\(credentialID) is deleted; \(live.count) live agent session\(live.count == 1 ? " still uses" : "s still use") it, "
                     + "no longer listed under the bot: ngrok-bots stop-sessions \(live.joined(separator: " "))", .warning)
    }

    /// After a deactivate without its sessions stopped: how many agents are still connected.
    static func stillLiveNote(_ state: AppState, _ bot: BotUser) -> String {
        let live = state.sessionRefs(of: bot).count
        guard live > 0, state.changes.stopsAfterContainment[bot.id] == nil else { return "" }
        return "; \(live) live agent session\(live == 1 ? " is" : "s are") still connected"
            + state.settings.keymap.say(.stopAllSessions, in: .detail) { " (\($0) in its detail stops them)" }
    }

    static func credentialDeleted(_ state: inout AppState, _ credential: CredentialRef, _ result: Result<Void, NgrokError>) {
        switch result {
        case .success:
            state.account.removeCredential(id: credential.id)
            state.ui.flash = stillConnected(state, credential.id) ?? Flash("Deleted \(credential.kind.singular) \(credential.id)")
        case .failure(let error) where error.status == 404:
            state.account.removeCredential(id: credential.id)
            state.ui.flash = Flash("\(credential.kind.singular) \(credential.id) was already gone", .warning)
        case .failure(let error):
            state.ui.flash = Flash("Could not delete \(credential.id): \(error.summary)", .error)
        }
        state.browser.detailCursor = max(0, min(state.browser.detailCursor, state.selectedCredentials.count - 1))
    }

}
