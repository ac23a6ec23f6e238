@testable import BotBrowser
import Foundation
import NgrokAPI
import NgrokSimulator
import Testing

/// `Account`'s plain interface against plain dictionaries of bots, credentials and sessions,
/// through bots arriving (in either spelling) and going, credentials and sessions arriving and
/// going: a bot by id, an owner's credentials, a credential's owner, and what the filter finds.
struct AccountModelTests {
    private struct Model {
        var bots: [String: BotUser] = [:]  // by BotID.key
        var credentials: [String: Credential] = [:]
        var sessions: [String: TunnelSession] = [:]
        /// How the bot list last spelled each bot: the account names owners so.
        var spelling: [String: String] = [:]
    }

    private static let bots = (0..<40).map { String(format: "bot_%027d", $0) }
    private static let names = ["deploy-eu", "CI Runner", "集成-tokyo", "edge", "prod-K8s"]

    @Test func answersAsPlainDictionariesDo() {
        var random = seededGenerator()
        var account = Account()
        var model = Model()
        for step in 0..<2_000 {
            let bot = Self.bots.randomElement(using: &random)!
            switch Int.random(in: 0..<100, using: &random) {
            case 0..<20:
                let id = BotID.respell(bot, for: random.chance(0.5) ? .serviceUsers : .botUsers)
                let fresh = BotUser(id: id, name: Self.names.randomElement(using: &random)! + "-\(step % 7)", active: true, createdAt: Fixtures.now)
                _ = account.upsert([fresh])
                model.bots[BotID.key(id)] = fresh
                model.spelling[BotID.key(id)] = id
            case 20..<25:
                // A bot that goes takes its credentials with it.
                _ = account.removeBot(id: bot)
                if model.bots.removeValue(forKey: BotID.key(bot)) != nil {
                    model.credentials = model.credentials.filter { BotID.key($0.value.ownerID ?? "") != BotID.key(bot) }
                }
            case 25..<65:
                let n = Int.random(in: 0..<200, using: &random)
                let credential = Fixtures.credential([.apiKey, .authtoken, .sshCredential][n % 3], n, owner: Self.bots[n % 40],
                                                     Self.names.randomElement(using: &random)!)
                account.credentials.insert(credential)
                model.credentials[credential.id] = credential
            case 65..<75:
                let id = Fixtures.credential(.authtoken, Int.random(in: 0..<200, using: &random), owner: bot, "").id
                account.credentials.remove(id: id)
                model.credentials[id] = nil
            default:
                let n = Int.random(in: 0..<60, using: &random)
                let session = TunnelSession(id: String(format: "ts_%027d", n), credentialID: Fixtures.credential(.authtoken, 3 * n + 1, owner: bot, "").id,
                                            ip: "203.0.113.\(Int.random(in: 0..<20, using: &random))", startedAt: Fixtures.now)
                if random.chance(0.7) {
                    account.sessions.insert(session)
                    model.sessions[session.id] = session
                } else {
                    account.sessions.remove(id: session.id)
                    model.sessions[session.id] = nil
                }
            }
            if step % 100 == 99 { Self.compare(account, model) }
        }
    }

    private static func compare(_ account: Account, _ model: Model) {
        func spelled(_ owner: String) -> String { model.spelling[BotID.key(owner)] ?? owner }
        for bot in bots {
            for id in [bot, BotID.respell(bot, for: .serviceUsers)] {
                #expect(account.bot(id) == model.bots[BotID.key(id)])
            }
            let expected = Set(model.credentials.values.filter { BotID.key($0.ownerID ?? "") == BotID.key(bot) }.map(\.id))
            #expect(Set(account.credentials(of: bot).map(\.id)) == expected, "\(bot)")
        }
        for (id, credential) in model.credentials { #expect(account.owner(ofCredential: id) == spelled(credential.ownerID ?? "")) }
        #expect(account.owner(ofCredential: "ak_missing") == nil)
        let slots = model.bots.keys.compactMap { account.slot(ofBot: model.spelling[$0]!) }
        #expect(slots.count == model.bots.count)
        for needle in ["deploy", "ci r", "集成", "k8s", "-3", "000000000000000000000000012", "203.0.113.1", "ts_", "zz"] {
            let found = account.matching(Needle(Array(needle.utf8)), among: slots)
            let expected = model.bots.values.filter { bot in
                let key = BotID.key(bot.id)
                let credentials = model.credentials.values.filter { BotID.key($0.ownerID ?? "") == key }
                let sessions = model.sessions.values.filter { session in credentials.contains { $0.id == session.credentialID } }
                return plainlyContains(bot.name + "\n" + bot.id, needle)
                    || credentials.contains { plainlyContains([$0.id, $0.description, $0.publicKey.flatMap(SSHFingerprint.sha256(publicKey:)) ?? ""].joined(separator: "\n"), needle) }
                    || sessions.contains { plainlyContains($0.id + "\n" + $0.ip, needle) }
            }
            #expect(Set(found.map { account.credentials.owner(ofSlot: $0) }) == Set(expected.map(\.id)), "\(needle)")
        }
    }
}
