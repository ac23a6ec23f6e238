import BotBrowser
import Foundation
import NgrokAPI
import PropertyBased
import Testing

/// The reducer under random interleavings of keys, pages, refreshes, failures and answers: whatever
/// the order, a few things must always hold.
@Suite("Reducer properties over random interleavings")
struct ReducerPropertyTests {
    @Test func invariantsHoldWhateverHappensInWhateverOrder() async {
        await propertyCheck(count: 150, input: Gen.int(in: 0...9_999).array(of: 1...80), Gen.bool(0.25)) { steps, readOnly in
            var run = Interleaving(readOnly: readOnly)
            for step in steps { run.step(step) }
            run.answerEverything()
        }
    }
}

/// One random run: the state, the effects asked for and not yet answered, and the checks.
struct Interleaving {
    static let universe: [BotUser] = (1...14).map { n in
        Fixtures.bot(n, n % 5 == 0 ? "集成-bot-\(n)" : "bot-\(n)-\(String(repeating: "x", count: n))", active: n % 3 != 0)
    }
    /// Single keys, and a few phrases a user types in one go (so bulk changes and dialogs are reached often).
    static let keys: [[String]] = ["j", "k", "g", "G", "<Space>", "*", "u", "D", "A", "a", "d", "y", "n", "<Enter>", "<Esc>",
                                   "/", "r", "s", "x", "c", "e", "l", "h", "<Backspace>", "<PgDn>", "b", "o", "1", "?", "<C-d>", "R"]
        .map { [$0] } + [["*", "D", "y"], ["<Space>", "j", "<Space>", "A", "<Enter>"], ["a", "y"], ["/", "b", "o", "t", "<Enter>"],
                         ["*", "D", "y", "r"], ["/", "1", "<Esc>"], ["l", "x", "y"], ["n", "b", "<Enter>"]]
    static let sizes = [Size(width: 120, height: 40), Size(width: 80, height: 24), Size(width: 50, height: 12),
                        Size(width: 200, height: 50), Size(width: 81, height: 25), Size(width: 100, height: 30)]

    let readOnly: Bool
    var state: AppState
    var size = Size(width: 120, height: 40)
    var loads: [(LoadTarget, Int)] = []
    var unanswered: [Effect] = []

    init(readOnly: Bool) {
        self.readOnly = readOnly
        state = AppState(apiHost: "api.ngrok.com", readOnly: readOnly, now: Fixtures.now)
        apply(.resized(size))
        apply(.start)
    }

    mutating func step(_ code: Int) {
        let pick = code / 10
        switch code % 10 {
        case 0...4:
            for key in Self.keys[pick % Self.keys.count] { apply(.key(KeyName(parse: key)!)) }
        case 5 where !loads.isEmpty:
            // A page for a load in progress, now and then one of an older generation.
            let (target, generation) = loads[pick % loads.count]
            let stale = pick % 7 == 0 ? generation - 1 : generation
            switch target {
            case .bots:
                let page = Self.universe.enumerated().filter { (index, _) in (pick >> (index % 12)) & 1 == 1 }.map(\.element)
                apply(.botsPage(generation: stale, page.map { bot in
                    var copy = bot
                    if pick % 4 == 0 { copy.active.toggle() }
                    return copy
                }))
            case .credentials(let kind):
                let owner = Self.universe[pick % Self.universe.count]
                apply(.credentialsPage(generation: stale, kind, [Fixtures.credential(kind, pick % 50, owner: owner.id, "cred \(pick)")]))
            }
        case 6 where !loads.isEmpty:
            let (target, generation) = loads.remove(at: pick % loads.count)
            apply(.listFinished(generation: generation, target))
        case 7 where !loads.isEmpty:
            let (target, generation) = loads.remove(at: pick % loads.count)
            apply(.listFailed(generation: generation, target, .transport(endpoint: "GET /bot_users", message: "cannot reach")))
        case 8 where !unanswered.isEmpty:
            answer(unanswered.remove(at: pick % unanswered.count), outcome: pick)
        case 9:
            size = Self.sizes[pick % Self.sizes.count]
            apply(.resized(size))
        default:
            apply(.key(KeyName(parse: "j")!))
        }
    }

    /// Every change asked for gets its answer; then nothing may be left pending or half-counted.
    mutating func answerEverything() {
        var outcome = 0
        while !unanswered.isEmpty {
            outcome += 1
            answer(unanswered.removeFirst(), outcome: outcome)
        }
        #expect(state.changes.pending.isEmpty, "changes still shown as pending: \(state.changes.pending)")
        if let bulk = state.changes.bulk {
            #expect(bulk.finished && bulk.done == bulk.total, "a bulk change was not fully accounted for: \(bulk)")
        }
    }

    /// Sent and done, failed, gone, or never sent: each a possible end of a change.
    mutating func answer(_ effect: Effect, outcome: Int) {
        let failure: NgrokError? = switch outcome % 4 {
        case 0: nil
        case 1: .api(status: 500, code: nil, message: "boom", operationID: "op_1", endpoint: "PATCH /bot_users/x")
        case 2: .api(status: 404, code: "ERR_NGROK_404", message: "gone", operationID: "op_2", endpoint: "PATCH /bot_users/x")
        default: .notSent(endpoint: "PATCH /bot_users/x")
        }
        switch effect {
        case let .mutate(mutation):
            let answer: MutationAnswer = switch mutation {
            case let .setActive(bot, active, _):
                .bot(BotUser(id: bot.id, name: bot.name, active: active, createdAt: Fixtures.now))
            case let .createBot(name):
                .bot(BotUser(id: "bot_new\(outcome)", name: name, active: true, createdAt: Fixtures.now))
            case let .renameBot(bot, name):
                .bot(BotUser(id: bot.id, name: name, active: true, createdAt: Fixtures.now))
            case let .createCredential(kind, owner, description, _):
                .credential(Credential(id: "ak_new\(outcome)", kind: kind, ownerID: owner.id, description: description, createdAt: Fixtures.now))
            case let .rotateCredential(old, owner, _):
                .rotated(Credential(id: "ak_rot\(outcome)", kind: old.kind, ownerID: owner.id, description: old.description,
                                    createdAt: Fixtures.now), oldDeleteError: outcome % 8 == 4 ? .notSent(endpoint: "DELETE /x") : nil)
            case .deleteBot, .deleteCredential, .stopSession:
                .deleted
            }
            apply(.mutationFinished(mutation, failure.map { .failure($0) } ?? .success(answer)))
        case let .lookUp(id), let .lookUpOwner(id), let .lookUpToken(id):
            apply(.lookupFinished(id: id, .failure(.api(status: 404, code: "ERR_NGROK_404", message: "not found",
                                                        operationID: nil, endpoint: "GET /x"))))
        case let .searchCredentials(text):
            apply(.credentialsFound(query: text, []))
        case let .loadSessions(credentialIDs):
            apply(.credentialSessionsLoaded(credentialIDs: credentialIDs, .success([])))
        case let .loadSessionEndpoints(sessionIDs):
            apply(.sessionEndpointsLoaded(sessionIDs: sessionIDs, .success([])))
        case let .loadCreatedSince(since):
            apply(.createdSinceLoaded(since: since, .success(CreatedSince(since: since, entries: []))))
        case .load, .loadSelf, .verifyContainment, .loadOwnerCredentials, .copyToClipboard, .cacheBots, .loadTunnelSessions, .lookUpTunnelSessions:
            break
        }
    }

    mutating func apply(_ action: Action) {
        for effect in reduce(&state, action) {
            if readOnly { #expect(effect.mutation == nil, "read-only asked for \(effect)") }
            switch effect {
            case let .load(target, generation):
                loads.removeAll { $0.0 == target }
                loads.append((target, generation))
            case .loadOwnerCredentials, .copyToClipboard, .cacheBots:
                break
            default:
                unanswered.append(effect)
            }
        }
        check()
    }

    /// The visible list as the README defines it, computed the slow, obvious way: the bots whose
    /// name or id, or one of whose credentials' id, description or SSH fingerprint contains the
    /// filter (case folded), in the sort order, ties by name and then id.
    static func visibleByDefinition(_ state: AppState) -> [String] {
        let needle = state.browser.filterText.trimmingCharacters(in: .whitespaces).lowercased()
        func matches(_ bot: BotUser) -> Bool {
            if needle.isEmpty || (bot.name + "\n" + bot.id).lowercased().contains(needle) { return true }
            return state.account.credentials(of: bot.id).contains { credential in
                let fingerprint = credential.publicKey.flatMap(SSHFingerprint.sha256(publicKey:)) ?? ""
                return [credential.id, credential.description, fingerprint].contains { $0.lowercased().contains(needle) }
            }
        }
        func precedes(_ a: BotUser, _ b: BotUser) -> Bool {
            switch state.browser.sort {
            case .name: break
            case .created: if a.createdAt != b.createdAt { return a.createdAt > b.createdAt }
            case .state: if a.active != b.active { return !a.active }
            case .credentials:
                let (countA, countB) = (state.account.credentials(of: a.id).count, state.account.credentials(of: b.id).count)
                if countA != countB { return countA > countB }
            }
            return (a.name.lowercased(), a.id) < (b.name.lowercased(), b.id)
        }
        return state.bots.values.filter(matches).sorted(by: precedes).map(\.id)
    }

    func check() {
        if let selected = state.browser.selectedID {
            #expect(state.visibleIDs.contains(selected), "the selection \(selected) is not a visible bot")
        }
        #expect(state.browser.marked.isSubset(of: state.bots.keys), "marks outside the bots: \(state.browser.marked.subtracting(state.bots.keys))")
        if state.account.sessions.isEmpty {
            #expect(Array(state.visibleIDs) == Self.visibleByDefinition(state),
                    "filter \"\(state.browser.filterText)\", sort \(state.browser.sort): the visible list is not what the definition gives")
        }
        let frame = render(state, size)
        for y in 0..<size.height {
            let width = DisplayWidth.of(frame.line(y))
            #expect(width == size.width, "row \(y) is \(width) columns wide in a \(size.width)-column terminal: \(frame.line(y))")
        }
    }
}
