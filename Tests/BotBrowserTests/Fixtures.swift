import BotBrowser
import Foundation
import NgrokAPI

/// Small, hand-made accounts with a fixed clock, so reducer and screen tests are exact.
enum Fixtures {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)

    static func bot(_ n: Int, _ name: String, active: Bool = true, daysAgo: Double? = nil) -> BotUser {
        BotUser(id: String(format: "bot_%027d", n), uri: "", name: name, active: active,
                createdAt: now - 86_400 * (daysAgo ?? Double(n)))
    }

    static func credential(_ kind: CredentialKind, _ n: Int, owner: String, _ description: String) -> Credential {
        let prefix = switch kind {
        case .apiKey: "ak_"
        case .authtoken: "cr_"
        case .sshCredential: "sshcr_"
        }
        return Credential(id: prefix + String(format: "%027d", n), kind: kind, ownerID: owner, description: description,
                          createdAt: now - 3600 * Double(n),
                          acl: kind == .authtoken ? ["bind:*.example.com"] : [],
                          publicKey: kind == .sshCredential ? "ssh-ed25519 " + Data("fixture-key-\(n)".utf8).base64EncodedString() + " ops" : nil)
    }

    static let bots: [BotUser] = [
        bot(1, "ci-runner-eu-03"),
        bot(2, "k8s-ingress-prod"),
        bot(3, "datadog-sync", active: false),
        bot(4, "集成-tokyo-01"),
        bot(5, "empty-bot"),
    ]

    static let credentials: [Credential] = [
        credential(.apiKey, 11, owner: bots[0].id, "deploy pipeline"),
        credential(.apiKey, 12, owner: bots[0].id, "nightly sync"),
        credential(.authtoken, 13, owner: bots[0].id, "runner agent"),
        credential(.sshCredential, 14, owner: bots[0].id, "ops laptop"),
        credential(.apiKey, 21, owner: bots[1].id, "leaked key"),
        credential(.authtoken, 22, owner: bots[1].id, "ingress agent"),
        credential(.authtoken, 31, owner: bots[2].id, "metrics"),
        credential(.apiKey, 41, owner: bots[3].id, "東京 edge"),
        credential(.apiKey, 91, owner: "usr_alice", "alice's laptop"),
    ]

    /// A fully loaded state at the given size.
    static func loaded(size: Size = Size(width: 120, height: 40), readOnly: Bool = false, display: DisplayOptions = DisplayOptions()) -> AppState {
        var state = AppState(apiHost: "api.ngrok.com", readOnly: readOnly, display: display, now: now)
        _ = reduce(&state, .resized(size))
        let effects = reduce(&state, .start)
        let generation = state.loads.generation
        precondition(effects == [.load(.bots, generation: 1)])
        _ = reduce(&state, .resourceResolved(.serviceUsers))
        _ = reduce(&state, .botsPage(generation: generation, bots))
        for kind in CredentialKind.allCases {
            _ = reduce(&state, .credentialsPage(generation: generation, kind, credentials.filter { $0.kind == kind }))
        }
        for target in LoadTarget.allCases { _ = reduce(&state, .listFinished(generation: generation, target)) }
        state.ui.flash = nil
        return state
    }
}

extension AppState {
    /// Sends keys as the terminal would.
    @discardableResult
    mutating func press(_ keys: String...) -> [Effect] {
        var effects: [Effect] = []
        for key in keys {
            effects += reduce(&self, .key(KeyName(parse: key)!))
        }
        return effects
    }

    @discardableResult
    mutating func type(_ text: String) -> [Effect] {
        text.flatMap { reduce(&self, .key(.character($0))) }
    }

    var selectedName: String? { selectedBot?.name }

    /// Every visible bot's match note (the screen asks `matchNote(for:)` row by row).
    var matchNotes: [String: String] {
        Dictionary(uniqueKeysWithValues: visibleIDs.compactMap { id in matchNote(for: id).map { (id, $0) } })
    }

    /// From the list: the first bot's detail, `c k`, the description "deploy", Enter, and the
    /// server's answer with the new key's token: the one-time secret dialog is on screen.
    mutating func createAPIKeyAndShowItsSecret() {
        press("<Enter>", "c", "k")
        type("deploy")
        press("<Enter>")
        var created = Fixtures.credential(.apiKey, 60, owner: Fixtures.bots[0].id, "deploy")
        created.token = "2sSecretTokenValue_0123456789abcdefghijklmnopqrstuvwxyz"
        _ = reduce(&self, .credentialCreated(.apiKey, owner: BotRef(Fixtures.bots[0]), .success(created)))
    }
}
