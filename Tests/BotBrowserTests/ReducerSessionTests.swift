import BotBrowser
import Foundation
import NgrokAPI
import Testing

/// Live agent sessions of the fixture account: three on ci-runner-eu-03 (two on its authtoken, one
/// on its SSH key), one on k8s-ingress-prod, none elsewhere.
enum SessionFixtures {
    static func session(_ n: Int, _ credential: Credential, ip: String, region: String, hoursAgo: Double) -> TunnelSession {
        TunnelSession(id: "ts_" + String(format: "%027d", n), credentialID: credential.id, agentVersion: "3.22.1", ip: ip,
                      region: region, os: "linux", transport: "ngrok/2", startedAt: Fixtures.now - 3600 * hoursAgo)
    }

    static let runnerToken = Fixtures.credentials[2]  // cr_…13, ci-runner-eu-03
    static let runnerSSH = Fixtures.credentials[3]  // sshcr_…14
    static let ingressToken = Fixtures.credentials[5]  // cr_…22, k8s-ingress-prod

    static let sessions = [
        session(1, runnerToken, ip: "203.0.113.7", region: "eu", hoursAgo: 3),
        session(2, runnerToken, ip: "2001:db8::5", region: "us", hoursAgo: 30),
        session(3, runnerSSH, ip: "198.51.100.20", region: "ap", hoursAgo: 1),
        session(4, ingressToken, ip: "192.0.2.44", region: "jp", hoursAgo: 5),
    ]

    static func loaded(size: Size = Size(width: 120, height: 40), readOnly: Bool = false) -> AppState {
        var state = Fixtures.loaded(size: size, readOnly: readOnly)
        _ = reduce(&state, .tunnelSessionsLoaded(generation: state.loads.generation, .success(sessions)))
        state.ui.flash = nil
        return state
    }

    static var runner: BotUser { Fixtures.bots[0] }
}

@Suite("Reducer: live agent sessions")
struct ReducerSessionTests {
    @Test func sessionsLoadOnceAfterTheBotsAndEveryCredentialList() {
        var state = AppState(apiHost: "api.ngrok.com", now: Fixtures.now)
        _ = reduce(&state, .start)
        let generation = state.loads.generation
        _ = reduce(&state, .botsPage(generation: generation, Fixtures.bots))
        var effects = reduce(&state, .listFinished(generation: generation, .bots))
        #expect(!effects.contains(.loadTunnelSessions(generation: generation)), "not while the credential lists load")
        effects = reduce(&state, .listFinished(generation: generation, .credentials(.apiKey)))
        effects += reduce(&state, .listFinished(generation: generation, .credentials(.authtoken)))
        #expect(!effects.contains(.loadTunnelSessions(generation: generation)))
        #expect(state.sessionCount(of: Fixtures.bots[0].id) == nil)
        effects = reduce(&state, .listFailed(generation: generation, .credentials(.sshCredential), .transport(endpoint: "GET", message: "x")))
        #expect(effects.filter { $0 == .loadTunnelSessions(generation: generation) }.count == 1, "after the last list, even a failed one")
        #expect(reduce(&state, .listFinished(generation: generation, .credentials(.sshCredential))).isEmpty, "and only once")
        // `r` loads everything again, the sessions last.
        effects = state.press("r")
        #expect(!effects.contains { if case .loadTunnelSessions = $0 { true } else { false } })
    }

    @Test func eachRowCountsItsBotsSessionsOnceKnown() {
        var state = Fixtures.loaded()
        #expect(state.sessionCount(of: Fixtures.bots[0].id) == nil, "? until the sessions are in")
        let screen = render(state, state.ui.screen).text
        #expect(screen.contains("LIVE"))
        _ = reduce(&state, .tunnelSessionsLoaded(generation: state.loads.generation, .success(SessionFixtures.sessions)))
        #expect(state.sessionCount(of: Fixtures.bots[0].id) == 3)
        #expect(state.sessionCount(of: Fixtures.bots[1].id) == 1)
        #expect(state.sessionCount(of: Fixtures.bots[2].id) == 0)
        // An older load's answer is dropped.
        _ = reduce(&state, .tunnelSessionsLoaded(generation: state.loads.generation - 1, .success([])))
        #expect(state.sessionCount(of: Fixtures.bots[0].id) == 3)
    }

    @Test func theListArrivesInPagesAndOnlyACompleteListOfTheCurrentLoadCounts() {
        var state = Fixtures.loaded()
        let first = state.loads.generation
        _ = reduce(&state, .tunnelSessionsPage(generation: first, Array(SessionFixtures.sessions.prefix(2))))
        #expect(state.sessionCount(of: Fixtures.bots[0].id) == nil, "not known until the list is complete")
        // `r` before the list completes: its pages so far are not part of the next load's list.
        _ = state.press("r")
        let second = state.loads.generation
        _ = reduce(&state, .botsPage(generation: second, Fixtures.bots))
        for kind in CredentialKind.allCases {
            _ = reduce(&state, .credentialsPage(generation: second, kind, Fixtures.credentials.filter { $0.kind == kind }))
        }
        for target in LoadTarget.allCases { _ = reduce(&state, .listFinished(generation: second, target)) }
        _ = reduce(&state, .tunnelSessionsPage(generation: first, [SessionFixtures.sessions[2]]))
        _ = reduce(&state, .tunnelSessionsPage(generation: second, [SessionFixtures.sessions[3]]))
        _ = reduce(&state, .tunnelSessionsLoaded(generation: second, .success([])))
        #expect(state.account.sessions.count == 1)
        #expect(state.sessionCount(of: Fixtures.bots[0].id) == 0)
        #expect(state.sessionCount(of: Fixtures.bots[1].id) == 1)
    }

    @Test func theDetailPaneShowsWhoIsConnectedUnderEachCredential() {
        var state = SessionFixtures.loaded()
        state.press("<Enter>")
        let screen = render(state, state.ui.screen).text
        #expect(screen.contains("3 agent sessions connected now"))
        #expect(screen.contains("203.0.113.7  eu  since 3h  linux  3.22.1"))
        #expect(screen.contains("2001:db8::5  us  since 1d  linux  3.22.1"))
        #expect(screen.contains("198.51.100.20  ap  since 1h"))
    }

    @Test func anIPv6AddressWrittenInFullFindsTheSessionWrittenCompressed() {
        var state = SessionFixtures.loaded()
        state.press("/")
        let effects = state.type("2001:0DB8:0:0:0:0:0:0005")
        #expect(state.visibleIDs == [Fixtures.bots[0].id])
        #expect(effects.contains(.lookUpTunnelSessions(ip: "2001:db8::5")), "the server is asked in the API's spelling")
    }

    @Test func anIPAddressInTheFilterShowsTheBotWhoseAuthtokenItUses() {
        var state = SessionFixtures.loaded()
        state.press("/")
        let effects = state.type("192.0.2.44")
        #expect(state.visibleIDs == [Fixtures.bots[1].id])
        #expect(state.matchNotes[Fixtures.bots[1].id]?.contains("192.0.2.44") == true)
        #expect(effects.contains(.lookUpTunnelSessions(ip: "192.0.2.44")), "and the server is asked, whatever has loaded")
        // Enter keeps the filter, Enter opens the bot: the cursor is on that session, so S, y stops it.
        state.press("<Enter>", "<Enter>")
        #expect(state.selectedSession == SessionFixtures.sessions[3])
        state.press("S")
        let stop = state.press("y")
        #expect(stop == [.stopTunnelSession(SessionRef(SessionFixtures.sessions[3], owner: BotRef(Fixtures.bots[1])))])
        // Early in a load nothing is known locally: the server's answer selects the bot.
        var early = ReducerLookupTests.early()
        early.press("/")
        early.type("192.0.2.44")
        early.press("<Enter>")
        let found = SessionSearch(sessions: [SessionFixtures.sessions[3]], credentials: [SessionFixtures.ingressToken.id: SessionFixtures.ingressToken],
                                  bots: [Fixtures.bots[1].id: Fixtures.bots[1]])
        _ = reduce(&early, .tunnelSessionsFound(ip: "192.0.2.44", .success(found)))
        #expect(early.visibleIDs == [Fixtures.bots[1].id])
        #expect(early.browser.selectedID == Fixtures.bots[1].id)
        #expect(early.ui.flash?.text.contains("192.0.2.44") == true)
        #expect(early.ui.flash?.text.contains("k8s-ingress-prod") == true)
    }

    @Test func aSessionIDInTheFilterIsLookedUpAndLeadsToItsBot() {
        var state = ReducerLookupTests.early()
        let session = SessionFixtures.sessions[3]
        state.press("/")
        #expect(state.type(session.id) == [.lookUp(id: session.id)])
        state.press("<Enter>")
        let effects = reduce(&state, .lookupFinished(id: session.id, .success(.tunnelSession(session, credential: SessionFixtures.ingressToken))))
        #expect(effects == [.lookUpOwner(id: Fixtures.bots[1].id)])
        _ = reduce(&state, .lookupFinished(id: Fixtures.bots[1].id, .success(.bot(Fixtures.bots[1]))))
        #expect(state.visibleIDs == [Fixtures.bots[1].id])
        #expect(state.browser.selectedID == Fixtures.bots[1].id)
        #expect(state.ui.flash?.text == "Session \(session.id) from 192.0.2.44 (jp) uses authtoken \(SessionFixtures.ingressToken.id), which belongs to bot k8s-ingress-prod (\(Fixtures.bots[1].id))")
    }

    @Test func stopTheSessionUnderTheCursor() {
        var state = SessionFixtures.loaded()
        state.press("<Enter>", "j", "j")  // ak_11, ak_12, then the authtoken cr_13
        #expect(state.selectedCredentials[state.browser.detailCursor].id == SessionFixtures.runnerToken.id)
        #expect(state.press("S").isEmpty && state.top == .detail, "on a credential, S explains instead")
        #expect(state.ui.flash?.level == .warning)
        state.press("j")
        #expect(state.selectedSession == SessionFixtures.sessions[0], "down from a credential goes to its newest session")
        state.press("j")
        #expect(state.selectedSession == SessionFixtures.sessions[1])
        state.press("k")
        #expect(state.selectedSession == SessionFixtures.sessions[0])
        state.press("S")
        guard case .confirm(let dialog) = state.top else { Issue.record("expected a confirm"); return }
        #expect(dialog.title == "Stop session \(SessionFixtures.sessions[0].id)?")
        #expect(dialog.lines.contains { $0.contains("203.0.113.7 (eu)") && $0.contains("since 3h") })
        let ref = SessionRef(SessionFixtures.sessions[0], owner: BotRef(SessionFixtures.runner))
        #expect(state.press("y") == [.stopTunnelSession(ref)])
        _ = reduce(&state, .tunnelSessionStopped(ref, .success(())))
        #expect(state.sessionCount(of: SessionFixtures.runner.id) == 2)
        #expect(state.ui.flash?.text.hasPrefix("Stopped session \(ref.id)") == true)
        #expect(state.selectedSession == nil)
    }

    @Test func stopEverySessionOfTheBot() {
        var state = SessionFixtures.loaded()
        state.press("K")
        guard case .confirm(let dialog) = state.top else { Issue.record("expected a confirm"); return }
        #expect(dialog.title == "Stop 3 live sessions of ci-runner-eu-03?")
        for session in SessionFixtures.sessions.prefix(3) { #expect(dialog.lines.contains { $0.contains(session.id) }) }
        let effects = state.press("y")
        #expect(Set(effects) == Set(SessionFixtures.sessions.prefix(3).map { Effect.stopTunnelSession(SessionRef($0, owner: BotRef(SessionFixtures.runner))) }))
        // A bot without sessions says so and opens nothing.
        state.press("j", "j")
        #expect(state.browser.selectedID == Fixtures.bots[2].id || state.sessionCount(of: state.browser.selectedID!) == 0)
    }

    /// Each of a bot's authtokens and SSH keys answered no sessions (a looked-up bot, long before
    /// the account's whole list): the bot is known to have none, in its LIVE count, its detail and
    /// the deactivate dialog, which says so rather than leaving out the offer to stop them silently.
    @Test func sessionsAskedPerCredentialAreKnownBeforeTheWholeList() {
        var state = Fixtures.loaded()
        let ci = Fixtures.bots[0]
        #expect(state.sessionCount(of: ci.id) == nil)
        let agents = state.account.credentials(of: ci.id).filter { $0.kind != .apiKey }.map(\.id)
        _ = reduce(&state, .credentialSessionsLoaded(credentialIDs: agents, .success([])))
        #expect(state.sessionCount(of: ci.id) == 0)
        #expect(render(state, state.ui.screen).text.contains("live     no agent connected"))
        state.press("D")
        guard case .confirm(let confirm) = state.top else { Issue.record("expected a confirm"); return }
        #expect(confirm.lines.contains("Live agent sessions: none."), "\(confirm.lines)")
    }

    /// Several bots marked: the sessions are "their" credentials' (found trying it as a user: "its").
    @Test func aBulkDeactivateSaysTheirSessions() {
        var state = SessionFixtures.loaded()
        state.press("<Space>", "<Space>", "D")
        guard case .confirm(let dialog) = state.top else { Issue.record("expected a confirm"); return }
        #expect(dialog.lines.contains("3 live agent sessions use their credentials; they may keep running:"), "\(dialog.lines)")
    }

    @Test func deactivateSaysHowManySessionsAndOffersToStopThem() {
        var state = SessionFixtures.loaded()
        state.press("D")
        guard case .confirm(let dialog) = state.top else { Issue.record("expected a confirm"); return }
        // Two sessions on its authtoken, one on its SSH key: "its credentials", not "its authtokens".
        #expect(dialog.lines.contains("3 live agent sessions use its credentials; they may keep running:"))
        #expect(dialog.lines.last == "[ ] also stop these 3 live sessions now (t toggles)")
        state.press("t")
        guard case .confirm(let toggled) = state.top else { Issue.record("expected the confirm"); return }
        #expect(toggled.lines.last == "[x] also stop these 3 live sessions now (t toggles)")
        let effects = state.press("y")
        let bot = BotRef(SessionFixtures.runner)
        // Contain first: the stops wait for the server to confirm the deactivate (an agent stopped
        // while its credentials still work could reconnect at once).
        #expect(effects == [.setActive(bot, active: false, bulk: false)])
        let deactivated = BotUser(id: bot.id, name: bot.name, active: false, createdAt: Fixtures.now)
        let stops = reduce(&state, .mutationFinished(.setActive(bot, active: false, bulk: false), .success(.bot(deactivated))))
        #expect(stops.dropLast().count == 3 && stops.dropLast().allSatisfy { if case .stopSession? = $0.mutation { true } else { false } })
        #expect(state.changes.stopsAfterContainment.isEmpty)
        // Then verified: the server is asked again, a few seconds later, about every agent
        // credential of the bot (its authtoken and SSH key; an API key starts no agent).
        guard case let .verifyContainment(checked, credentialIDs)? = stops.last else { Issue.record("expected the check"); return }
        let agentCredentials = state.account.credentials(of: bot.id).filter { $0.kind != .apiKey }.map(\.id)
        #expect(checked == bot && Set(credentialIDs) == Set(agentCredentials))
        _ = reduce(&state, .containmentChecked(bot: bot, .success(ContainmentCheck(botActive: false, sessions: []))))
        #expect(state.ui.flash?.text.hasPrefix("Contained: ci-runner-eu-03 is inactive, 0 live sessions on its credentials, 0 endpoints (checked ") == true)
        #expect(state.ui.events.entries.last?.text.hasPrefix("Contained:") == true, "kept in the ! log, the response's record")
        // An agent back on a credential (another bot's or a person's key may let it in) is loud.
        let back = SessionFixtures.sessions[0]
        _ = reduce(&state, .containmentChecked(bot: bot, .success(ContainmentCheck(botActive: false, sessions: [back]))))
        #expect(state.ui.flash?.level == .error && state.ui.flash?.text.contains("NOT contained") == true)
        #expect(state.ui.flash?.text.contains(back.id) == true)
        _ = reduce(&state, .containmentChecked(bot: bot, .success(ContainmentCheck(botActive: true, sessions: []))))
        #expect(state.ui.flash?.text.contains("ci-runner-eu-03 is active") == true)
        // An endpoint still running as the bot is not contained either; a server without /endpoints says so.
        let exposed = Endpoint(id: "ep_1", url: "https://leak.ngrok.app", principalID: bot.id, tunnelSessionID: back.id, createdAt: Fixtures.now)
        _ = reduce(&state, .containmentChecked(bot: bot, .success(ContainmentCheck(botActive: false, sessions: [], endpoints: [exposed]))))
        #expect(state.ui.flash?.level == .error && state.ui.flash?.text.contains("1 live endpoint as the bot (https://leak.ngrok.app)") == true)
        _ = reduce(&state, .containmentChecked(bot: bot, .success(ContainmentCheck(botActive: false, sessions: [], endpoints: nil))))
        #expect(state.ui.flash?.text.contains("Contained:") == true && state.ui.flash?.text.contains("endpoints not checked") == true)
        // Not asked for: only the deactivate.
        var plain = SessionFixtures.loaded()
        #expect(plain.press("D", "y") == [.setActive(bot, active: false, bulk: false)])
    }

    @Test func deleteOffersTheStopsWhileTheNameIsTyped() {
        var state = SessionFixtures.loaded()
        state.press("d")
        state.type("ci-runner-eu-03")
        state.press("<C-t>")
        guard case .confirm(let dialog) = state.top else { Issue.record("expected a confirm"); return }
        #expect(dialog.typed == "ci-runner-eu-03")
        #expect(dialog.sessionsOffer?.accepted == true)
        let effects = state.press("<Enter>")
        #expect(effects.count == 1)
        guard case .deleteBot(let bot, let owned)? = effects.first?.mutation else { Issue.record("expected the delete"); return }
        // The stops follow the delete's answer; a failed delete stops nothing.
        var failed = state
        let afterFailure = reduce(&failed, .mutationFinished(.deleteBot(bot, owned: owned), .failure(.api(
            status: 500, code: nil, message: "boom", operationID: "op_1", endpoint: "DELETE /x"))))
        #expect(!afterFailure.contains { if case .stopSession? = $0.mutation { true } else { false } })
        #expect(reduce(&state, .mutationFinished(.deleteBot(bot, owned: owned), .success(.deleted))).count == 4, "3 stops and the check")
    }

    @Test func aDialogBeforeTheSessionsAreKnownSaysSo() {
        var state = Fixtures.loaded()
        state.press("D")
        guard case .confirm(let dialog) = state.top else { Issue.record("expected a confirm"); return }
        #expect(dialog.lines.last == "Live agent sessions: not known yet, still loading.")
        #expect(dialog.sessionsOffer == nil)
    }

    @Test func readOnlyStopsNothing() {
        var state = SessionFixtures.loaded(readOnly: true)
        state.press("<Enter>", "j", "j", "j")
        #expect(state.press("S").isEmpty)
        #expect(state.press("K").isEmpty)
        #expect(state.top == .detail)
        #expect(state.ui.flash?.text.hasPrefix("read-only") == true)
    }

    @Test func hostileSessionFieldsAreCleanedBeforeTheyAreDrawn() {
        var state = Fixtures.loaded()
        let hostile = TunnelSession(id: "ts_" + String(repeating: "9", count: 27), credentialID: SessionFixtures.runnerToken.id,
                                    agentVersion: "3\u{1b}[2J", ip: "203.0.113.9\u{202e}", region: "eu\u{7}", os: "linux", startedAt: Fixtures.now - 60)
        _ = reduce(&state, .tunnelSessionsLoaded(generation: state.loads.generation, .success([hostile])))
        state.press("<Enter>")
        let screen = render(state, state.ui.screen).text
        #expect(!screen.contains("\u{1b}") && !screen.contains("\u{202e}") && !screen.contains("\u{7}"))
        #expect(screen.contains("203.0.113.9"))
    }
}

@Suite("Screens with live agent sessions, against goldens")
struct SessionScreenTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40)]

    @Test(arguments: sizes) func detailWithTheCursorOnASession(size: Size) {
        var state = SessionFixtures.loaded(size: size)
        state.press("<Enter>", "j", "j", "j")
        Golden.check(render(state, size), ScreenTests.name("sessions-detail", size))
    }

    @Test(arguments: sizes) func deactivateOfferingToStopThem(size: Size) {
        var state = SessionFixtures.loaded(size: size)
        state.press("D", "t")
        Golden.check(render(state, size), ScreenTests.name("sessions-confirm-deactivate", size))
    }

    @Test(arguments: sizes) func stopAll(size: Size) {
        var state = SessionFixtures.loaded(size: size)
        state.press("K")
        Golden.check(render(state, size), ScreenTests.name("sessions-confirm-stop", size))
    }
}

@Suite("Reducer: sessions across a refresh")
struct SessionRefreshTests {
    /// `r`, and the same bots and credentials again.
    func reload(_ state: inout AppState) {
        state.press("r")
        _ = reduce(&state, .botsPage(generation: state.loads.generation, Fixtures.bots))
        for kind in CredentialKind.allCases {
            _ = reduce(&state, .credentialsPage(generation: state.loads.generation, kind, Fixtures.credentials.filter { $0.kind == kind }))
        }
        for target in LoadTarget.allCases { _ = reduce(&state, .listFinished(generation: state.loads.generation, target)) }
    }

    @Test func theLastCountsStayWhileRReloadsTheSessions() {
        var state = SessionFixtures.loaded()
        let generation = state.loads.generation
        reload(&state)
        #expect(state.account.sessions.phase == .loading)
        #expect(state.sessionCount(of: SessionFixtures.runner.id) == 3, "the last list counts until the new one is in")
        _ = reduce(&state, .tunnelSessionsLoaded(generation: generation + 1, .success(Array(SessionFixtures.sessions.dropFirst()))))
        #expect(state.sessionCount(of: SessionFixtures.runner.id) == 2)
        // A failed reload says so: the counts are not known again until a load succeeds.
        reload(&state)
        _ = reduce(&state, .tunnelSessionsLoaded(generation: generation + 2, .failure(.transport(endpoint: "GET /tunnel_sessions", message: "gone"))))
        #expect(state.sessionCount(of: SessionFixtures.runner.id) == nil)
        #expect(state.ui.flash?.text.hasPrefix("Loading live sessions failed") == true)
    }

    /// A deactivate without its sessions stopped says the agents are still connected.
    @Test func aDeactivateWithoutTheStopsSaysTheAgentsAreStillConnected() {
        var state = SessionFixtures.loaded()
        state.press("D")
        #expect(state.press("y") == [.setActive(BotRef(SessionFixtures.runner), active: false, bulk: false)])
        var deactivated = SessionFixtures.runner
        deactivated.active = false
        _ = reduce(&state, .activeSet(BotRef(SessionFixtures.runner), active: false, .success(deactivated), bulk: false))
        #expect(state.ui.flash?.text == "Deactivated ci-runner-eu-03; 3 live agent sessions are still connected (K in its detail stops them)")
    }

    /// Deleting or rotating a credential does not end the sessions started with it: the dialog
    /// counts them, and after the delete (when they show under no bot) the status line says how to stop them.
    @Test func aDeletedCredentialsLiveSessionsAreCountedAndNamed() {
        var state = SessionFixtures.loaded()
        state.press("<Enter>")
        while state.credentialUnderCursor?.credential.id != SessionFixtures.runnerToken.id { state.press("j") }
        state.press("x")
        guard case .confirm(let dialog) = state.top else { Issue.record("expected a confirm"); return }
        #expect(dialog.lines.contains("2 live agent sessions use it now; deleting it does not end them."))
        let ref = CredentialRef(id: SessionFixtures.runnerToken.id, kind: .authtoken, description: SessionFixtures.runnerToken.description,
                                owner: BotRef(SessionFixtures.runner))
        _ = reduce(&state, .mutationFinished(.deleteCredential(ref), .success(.deleted)))
        #expect(state.ui.flash?.level == .warning)
        #expect(state.ui.flash?.text == "\(ref.id) is deleted; 2 live agent sessions still use it, no longer listed under the bot: "
                + "ngrok-bots stop-sessions \(SessionFixtures.sessions[0].id) \(SessionFixtures.sessions[1].id)")
    }
}
