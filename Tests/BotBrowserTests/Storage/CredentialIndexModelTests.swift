@testable import BotBrowser
import Foundation
import NgrokAPI
import NgrokSimulator
import Testing

/// `CredentialIndex` against a plain array of the credentials in the order they arrived, each with
/// its owner's slot, through every change it offers (inserts, replacements, a credential moving to
/// another owner, removals by id, by slot and by kind), with every answer compared: each slot's
/// credentials in order, counts, owner slots, the search and the count of credentials by owner.
/// How owners are numbered and spelled is `Account`'s (`AccountModelTests`).
struct CredentialIndexModelTests {
    /// The plain model: the credentials as the index gives them back (no secret, no URI, no
    /// owner: the slot says who), in the order they arrived.
    private struct Model {
        var held: [(credential: Credential, slot: Int32)] = []

        func ofSlot(_ slot: Int32) -> [Credential] { held.filter { $0.slot == slot }.map(\.credential) }

        /// One that comes again unchanged, to the same owner, keeps its place.
        mutating func insert(_ credential: Credential, slot: Int32) {
            var kept = credential
            (kept.uri, kept.token, kept.ownerID) = ("", nil, nil)
            if let at = held.firstIndex(where: { $0.credential.id == kept.id }) {
                if held[at] == (kept, slot) { return }
                held.remove(at: at)
            }
            held.append((kept, slot))
        }
    }

    /// The ids the answers name each slot's owner by (the index takes them as given).
    private static let owners = (0..<6).map { String(format: "bot_%027d", $0) } + ["usr_000000000000000000000000001", ""]
    private static let words = ["deploy", "CI runner", "集成", "prod-EU", "🔑 key", "", "staging"]

    private static func credential(_ random: inout SeededGenerator) -> (Credential, slot: Int32) {
        let n = Int.random(in: 0..<1_200, using: &random)
        let slot = Int32((n + (random.chance(0.02) ? 1 : 0)) % owners.count)
        var credential = Fixtures.credential([.apiKey, .authtoken, .sshCredential][n % 3], n, owner: owners[Int(slot)],
                                             (0..<Int.random(in: 0...3, using: &random)).map { _ in words.randomElement(using: &random)! }.joined(separator: " "))
        credential.createdAt = Fixtures.now - 3_600 * Double(Int.random(in: 0..<4, using: &random))
        credential.metadata = random.chance(0.3) ? "{\"env\":\"prod\"}" : ""
        credential.uri = "https://api.ngrok.com/credentials/\(credential.id)"
        credential.token = random.chance(0.2) ? "secret" : nil
        return (credential, slot)
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
            let before = model.held.map(\.credential.id)
            let beforeSlots = model.held.map(\.slot)
            switch Int.random(in: 0..<100, using: &random) {
            case 0..<60:
                let (credential, slot) = Self.credential(&random)
                index.insert(credential, slot: slot)
                model.insert(credential, slot: slot)
            case 60..<65:
                // One held comes again as it is, to its owner (nothing changes) or to another.
                guard let (credential, slot) = model.held.randomElement(using: &random) else { continue }
                let to = random.chance(0.5) ? slot : (slot + 1) % Int32(Self.owners.count)
                index.insert(credential, slot: to)
                model.insert(credential, slot: to)
                if to == slot { #expect(index.version == version, "an unchanged credential is no change") }
            case 65..<92:
                let id = Self.credential(&random).0.id
                index.remove(id: id)
                model.held.removeAll { $0.credential.id == id }
            case 92..<95:
                let slot = Int32.random(in: 0..<Int32(Self.owners.count), using: &random)
                index.removeAll(ofSlot: slot)
                model.held.removeAll { $0.slot == slot }
            default:
                let kind = CredentialKind.allCases.randomElement(using: &random)!
                let parity = Int.random(in: 0...1, using: &random)
                let isGone = { (id: String) in Int(id.suffix(27))! % 2 == parity }
                index.removeAll(of: kind, where: isGone)
                model.held.removeAll { $0.credential.kind == kind && isGone($0.credential.id) }
            }
            if model.held.map(\.credential.id) != before || model.held.map(\.slot) != beforeSlots {
                #expect(index.version != version, "a change at step \(step) is seen")
            }
            #expect(index.count == model.held.count)
            if step % 500 == 0 || step == 7_999 { Self.compare(index, model, step: step) }
        }
    }

    private static func compare(_ index: CredentialIndex, _ model: Model, step: Int) {
        for kind in CredentialKind.allCases { #expect(index.count(of: kind) == model.held.filter { $0.credential.kind == kind }.count) }
        for (credential, slot) in model.held { #expect(index.ownerSlot(ofCredential: credential.id) == slot) }
        #expect(index.ownerSlot(ofCredential: "ak_missing") == nil)
        let needles = ["deploy", "ci r", "集成", "prod-eu", "🔑", "000000000000000000000001", "staging", "sha256:", "zz"]
        // One slot past every owner: never used, so empty.
        for (number, owner) in (owners + ["bot_never"]).enumerated() {
            let slot = Int32(number)
            let expected = model.ofSlot(slot).map { credential in
                var named = credential
                named.ownerID = owner.isEmpty ? nil : owner
                return named
            }
            #expect(index.credentials(ofSlot: slot, owner: owner) == expected, "\(owner) at step \(step)")
            #expect(index.counts(ofSlot: slot) == CredentialCounts(expected))
            #expect(index.credentialCount(ofSlot: slot) == expected.count)
            for needle in needles {
                let first = expected.first { plainlyContains(searchText($0), needle) }
                #expect(index.firstMatch(slot: slot, owner: owner, needle: Array(needle.utf8)) == first, "\(needle)")
                #expect(index.anyMatches(slot: slot, needle: Needle(Array(needle.utf8))) == (first != nil))
            }
        }
        let people: Set<Int32> = [6, 7]
        #expect(index.countOwned { people.contains($0) } == model.held.filter { people.contains($0.slot) }.count)
    }
}
