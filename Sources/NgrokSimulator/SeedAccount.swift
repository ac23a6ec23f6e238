import Essentials
import NgrokAPI

/// A realistic, deterministic account: bots named the way teams name them, credentials with
/// descriptions and metadata, mixed active states, and some credentials owned by people.
struct SeedAccount {
    var bots: [BotUser] = []
    var credentials: [Credential] = []


    private static let roles = [
        "ci-runner", "k8s-ingress", "github-actions", "terraform", "datadog-sync", "edge-gateway",
        "customer-acme", "customer-globex", "backup-agent", "grafana-alerts", "iot-fleet", "staging-preview",
        "webhook-relay", "argo-deploy", "jenkins", "billing-export", "support-tunnel", "pagerduty-bridge",
    ]
    private static let places = ["prod", "staging", "dev", "eu", "us-east", "ap-south", "eu-west", "lab"]
    private static let purposes = [
        "deploy pipeline", "cluster ingress", "nightly sync", "incident bridge", "customer VPC link",
        "load test", "preview envs", "metrics export", "on-call laptop", "edge POP",
    ]
    /// Names from other people, to keep rendering honest: wide characters and emoji.
    private static let unusualNames = ["集成-tokyo-01", "café-backoffice", "🚀-launch-bot"]

    init(options: SimulatorOptions, baseURL: String) {
        var rng = SeededGenerator(seed: options.seed)
        let referenceDate = options.referenceDate
        var time = referenceDate
        for index in 0..<options.bots {
            time -= TimeInterval(3600 + Int(rng.next() % 86_400 * 3))
            let name: String
            if index % 23 == 7, options.bots > 20 {
                name = Self.unusualNames[(index / 23) % Self.unusualNames.count]
            } else {
                let role = Self.roles[Int(rng.next() % UInt64(Self.roles.count))]
                let place = Self.places[Int(rng.next() % UInt64(Self.places.count))]
                name = "\(role)-\(place)-\(index % 17 < 9 ? "0" : "")\(index % 17 + 1)"
            }
            let id = rng.id(prefix: BotResource.botUsers.idPrefix)
            bots.append(BotUser(id: id, uri: "\(baseURL)/bot_users/\(id)", name: name,
                                active: rng.next() % 5 != 0, createdAt: time))
        }
        let humans = (0..<3).map { _ in rng.id(prefix: "usr_") }
        for bot in bots {
            // Some bots own nothing, some own many.
            let count = options.credentialsPerBot == 0 ? 0 : Int(rng.next() % UInt64(options.credentialsPerBot * 2 + 1))
            for _ in 0..<count {
                credentials.append(Self.credential(owner: bot.id, after: bot.createdAt, until: referenceDate, rng: &rng, baseURL: baseURL))
            }
        }
        for index in 0..<options.humanCredentials {
            credentials.append(Self.credential(owner: humans[index % humans.count], after: referenceDate - 86_400 * 200,
                                               until: referenceDate, rng: &rng, baseURL: baseURL))
        }
        credentials.sort { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
    }

    private static func credential(owner: String, after: Date, until: Date, rng: inout SeededGenerator, baseURL: String) -> Credential {
        let kind = CredentialKind.allCases[Int(rng.next() % 3)]
        let id = rng.id(prefix: kind.idPrefix)
        let purpose = purposes[Int(rng.next() % UInt64(purposes.count))]
        let created = after + TimeInterval(rng.next() % 86_400 * 20)
        let env = places[Int(rng.next() % UInt64(places.count))]
        return Credential(
            id: id, kind: kind, uri: "\(baseURL)\(kind.path)/\(id)", ownerID: owner,
            description: "\(purpose) (\(env))", metadata: "{\"environment\":\"\(env)\"}", createdAt: min(created, until),
            acl: kind == .apiKey ? [] : (rng.next() % 3 == 0 ? ["bind:*.\(env).example.com"] : []),
            publicKey: kind == .sshCredential ? "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI\(rng.token(length: 43)) \(env)" : nil
        )
    }
}
