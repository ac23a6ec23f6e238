@testable import BotBrowser
import Foundation
import NgrokAPI
import NgrokSimulator
import Testing

/// `Account`'s plain interface against plain dictionaries of bots, credentials and sessions,
/// through bots arriving (in either spelling) and going, credentials (in either spelling of their
/// owner) and sessions arriving and going, an owner's list of a kind replaced: a bot by id, an
/// owner's credentials, counts and search, a credential's owner, people's credentials, and what
/// the filter finds. The account numbers owners (`OwnerSlots`); each part is tested on its own too.
struct AccountModelTests {
    private struct Model {
        var bots: [String: BotUser] = [:]  // by BotID.key
        var credentials: [String: Credential] = [:]
        var sessions: [String: TunnelSession] = [:]
        /// How the bot list last spelled each bot (or the first credential its owner): the account names owners so.
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
                // A few are people's; a credential's owner may be spelled either way.
                let owner = n % 41 == 40 ? "usr_000000000000000000000000001" : BotID.respell(Self.bots[n % 40], for: random.chance(0.3) ? .serviceUsers : .botUsers)
                let credential = Fixtures.credential([.apiKey, .authtoken, .sshCredential][n % 3], n, owner: owner,
                                                     Self.names.randomElement(using: &random)!)
                account.insert(credential)
                model.credentials[credential.id] = credential
                // An owner is named as first seen, until the bot list spells it.
                if model.spelling[BotID.key(owner)] == nil { model.spelling[BotID.key(owner)] = owner }
            case 65..<72:
                let id = Fixtures.credential(.authtoken, Int.random(in: 0..<200, using: &random), owner: bot, "").id
                account.removeCredential(id: id)
                model.credentials[id] = nil
            case 72..<75:
                // An owner's complete list of a kind replaces what is held of that kind.
                let kind = CredentialKind.allCases.randomElement(using: &random)!
                let fresh = (0..<Int.random(in: 0...3, using: &random)).map { _ in
                    Fixtures.credential(kind, 200 + Int.random(in: 0..<100, using: &random), owner: bot, Self.names.randomElement(using: &random)!)
                }
                account.replaceCredentials(of: bot, kind: kind, with: fresh)
                model.credentials = model.credentials.filter { BotID.key($0.value.ownerID ?? "") != BotID.key(bot) || $0.value.kind != kind }
                for credential in fresh { model.credentials[credential.id] = credential }
                if !fresh.isEmpty && model.spelling[BotID.key(bot)] == nil { model.spelling[BotID.key(bot)] = bot }
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
            let owned = model.credentials.values.filter { BotID.key($0.ownerID ?? "") == BotID.key(bot) }
            #expect(Set(account.credentials(of: bot).map(\.id)) == Set(owned.map(\.id)), "\(bot)")
            // Every answer names the owner as it was asked for.
            let asked = BotID.respell(bot, for: .serviceUsers)
            #expect(account.credentials(of: asked).allSatisfy { $0.ownerID == asked })
            #expect(account.newestFirst(of: bot).map(\.id) == owned.sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }.map(\.id))
            #expect(account.counts(of: asked) == CredentialCounts(owned))
            #expect(account.credentialCount(of: bot) == owned.count)
            for needle in ["deploy", "集成", "k8s", "zz"] {
                let first = account.credentials(of: bot).first {
                    plainlyContains([$0.id, $0.description, $0.publicKey.flatMap(SSHFingerprint.sha256(publicKey:)) ?? ""].joined(separator: "\n"), needle)
                }
                #expect(account.firstMatchingCredential(of: bot, needle: Array(needle.utf8)) == first, "\(needle)")
            }
        }
        #expect(account.credentialCount == model.credentials.count)
        for kind in CredentialKind.allCases { #expect(account.credentialCount(of: kind) == model.credentials.values.filter { $0.kind == kind }.count) }
        var counted = account
        counted.countPeoplesCredentials(isLoading: false)
        #expect(counted.peopleCredentialCount == model.credentials.values.filter { model.bots[BotID.key($0.ownerID ?? "")] == nil }.count)
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
            #expect(Set(found.map { account.owner(ofSlot: $0) }) == Set(expected.map(\.id)), "\(needle)")
        }
    }
}
