@testable import BotBrowser
import Foundation
import NgrokAPI
import NgrokSimulator
import Testing

/// `CredentialIndex` against a plain array of the credentials in the order they arrived, through
/// every change it offers (inserts in either spelling of a bot's id, replacements, removals by id,
/// by owner, by kind and by a fresh list, a bot respelling its slot), with every answer compared:
/// each owner's credentials in order and newest first, counts, owners, slots and the search.
struct CredentialIndexModelTests {
    /// The plain model: the credentials as the index gives them back, in the order they arrived,
    /// and the owners in the order first seen, each spelled as the index names it.
    private struct Model {
        var held: [Credential] = []
        var owners: [String] = []

        func slot(of owner: String) -> Int? { owners.firstIndex { BotID.key($0) == BotID.key(owner) } }

        mutating func see(_ owner: String) {
            if slot(of: owner) == nil { owners.append(owner) }
        }

        func ofOwner(_ owner: String) -> [Credential] {
            held.filter { BotID.key($0.ownerID ?? "") == BotID.key(owner) }
        }

        /// A credential is kept as it came, less its secret and URI, with no owner as none; one
        /// that comes again unchanged (owner spelled as the index names it) keeps its place.
        mutating func insert(_ credential: Credential) {
            let owner = credential.ownerID ?? ""
            see(owner)
            var kept = credential
            (kept.uri, kept.token, kept.ownerID) = ("", nil, owner.isEmpty ? nil : owner)
            if let at = held.firstIndex(where: { $0.id == kept.id }) {
                var named = held[at]
                let spelling = owners[slot(of: named.ownerID ?? "")!]
                named.ownerID = spelling.isEmpty ? nil : spelling
                if named == kept { return }
                held.remove(at: at)
            }
            held.append(kept)
        }
    }

    private static let owners = (0..<6).map { String(format: "bot_%027d", $0) } + ["usr_000000000000000000000000001", ""]
    private static let words = ["deploy", "CI runner", "集成", "prod-EU", "🔑 key", "", "staging"]

    private static func credential(_ random: inout SeededGenerator) -> Credential {
        let n = Int.random(in: 0..<1_200, using: &random)
        let owner = owners[(n + (random.chance(0.02) ? 1 : 0)) % owners.count]
        var credential = Fixtures.credential([.apiKey, .authtoken, .sshCredential][n % 3], n,
                                             owner: random.chance(0.3) ? BotID.respell(owner, for: .serviceUsers) : owner,
                                             (0..<Int.random(in: 0...3, using: &random)).map { _ in words.randomElement(using: &random)! }.joined(separator: " "))
        if owner.isEmpty && random.chance(0.5) { credential.ownerID = nil }
        credential.createdAt = Fixtures.now - 3_600 * Double(Int.random(in: 0..<4, using: &random))
        credential.metadata = random.chance(0.3) ? "{\"env\":\"prod\"}" : ""
        credential.uri = "https://api.ngrok.com/credentials/\(credential.id)"
        credential.token = random.chance(0.2) ? "secret" : nil
        return credential
    }

    /// What the filter searches in a credential, in plain text: its id, description and SSH fingerprint.
    private static func searchText(_ credential: Credential) -> String {
        [credential.id, credential.description, credential.publicKey.flatMap(SSHFingerprint.sha256(publicKey:)) ?? ""].joined(separator: "\n")
    }

    @Test func answersAsAPlainListOfCredentialsDoes() {
        var random = seededGenerator()
        var index = CredentialIndex()
        var model = Model()
        for step in 0..<8_000 {
            let version = index.version
            let before = model.held
            switch Int.random(in: 0..<100, using: &random) {
            case 0..<60:
                let credential = Self.credential(&random)
                index.insert(credential)
                model.insert(credential)
            case 60..<85:
                let id = Self.credential(&random).id
                index.remove(id: id)
                model.held.removeAll { $0.id == id }
            case 85..<88:
                let owner = Self.owners.randomElement(using: &random)!
                index.removeAll(ownedBy: owner)
                if model.slot(of: owner) != nil { model.held.removeAll { BotID.key($0.ownerID ?? "") == BotID.key(owner) } }
            case 88..<90:
                let kind = CredentialKind.allCases.randomElement(using: &random)!
                let parity = Int.random(in: 0...1, using: &random)
                let isGone = { (id: String) in Int(id.suffix(27))! % 2 == parity }
                index.removeAll(of: kind, where: isGone)
                model.held.removeAll { $0.kind == kind && isGone($0.id) }
            case 90..<95:
                let owner = Self.owners.randomElement(using: &random)!
                let kind = CredentialKind.allCases.randomElement(using: &random)!
                let fresh = (0..<Int.random(in: 0...4, using: &random)).map { _ in
                    var credential = Self.credential(&random)
                    credential.ownerID = owner.isEmpty ? nil : owner
                    return credential
                }
                index.replace(owner: owner, kind: kind, with: fresh)
                let gone = Set(model.ofOwner(owner).filter { $0.kind == kind }.map(\.id))
                model.held.removeAll { gone.contains($0.id) }
                for credential in fresh { model.insert(credential) }
            default:
                // The bot list names a bot in the other spelling: its slot is spelled so from then on.
                let bot = BotID.respell(Self.owners[Int.random(in: 0..<6, using: &random)], for: random.chance(0.5) ? .serviceUsers : .botUsers)
                _ = index.slot(forBot: bot)
                model.see(bot)
                model.owners[model.slot(of: bot)!] = bot
            }
            if model.held != before { #expect(index.version != version, "a change at step \(step) is seen") }
            #expect(index.count == model.held.count)
            if step % 500 == 0 || step == 7_999 { Self.compare(index, model, step: step) }
        }
    }

    private static func compare(_ index: CredentialIndex, _ model: Model, step: Int) {
        for kind in CredentialKind.allCases { #expect(index.count(of: kind) == model.held.filter { $0.kind == kind }.count) }
        for credential in model.held {
            #expect(index.ownerOf[credential.id] == model.owners[model.slot(of: credential.ownerID ?? "")!])
            #expect(index.ownerSlot(ofCredential: credential.id).map(Int.init) == model.slot(of: credential.ownerID ?? ""))
        }
        #expect(index.ownerOf["ak_missing"] == nil)
        let needles = ["deploy", "ci r", "集成", "prod-eu", "🔑", "000000000000000000000001", "staging", "sha256:", "zz"]
        for asked in owners + owners.map({ BotID.respell($0, for: .serviceUsers) }) {
            // Every answer names the owner as it was asked for.
            let expected = model.ofOwner(asked).map { credential in
                var named = credential
                named.ownerID = asked.isEmpty ? nil : asked
                return named
            }
            #expect(index.credentials(of: asked) == expected, "\(asked) at step \(step)")
            #expect(index.newestFirst(of: asked) == expected.sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) })
            #expect(index.counts(of: asked) == CredentialCounts(expected))
            #expect(index.credentialCount(of: asked) == expected.count)
            for kind in CredentialKind.allCases { #expect(index.credentials(of: asked, kind: kind) == expected.filter { $0.kind == kind }) }
            for needle in needles {
                #expect(index.firstMatch(owner: asked, needle: needle) == expected.first { plainlyContains(searchText($0), needle) }, "\(needle)")
            }
        }
        for (slot, owner) in model.owners.enumerated() {
            #expect(index.owner(ofSlot: Int32(slot)) == owner)
            let credentials = model.ofOwner(owner)
            for needle in needles {
                #expect(index.anyMatches(slot: Int32(slot), needle: Needle(Array(needle.utf8))) == credentials.contains { plainlyContains(searchText($0), needle) })
            }
        }
        let isBot = { (owner: String) in BotID(owner) != nil }
        #expect(index.countOwned(notBy: isBot) == model.held.filter { !isBot($0.ownerID ?? "") }.count)
    }
}
