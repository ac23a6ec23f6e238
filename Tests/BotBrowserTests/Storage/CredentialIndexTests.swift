@testable import BotBrowser
import Foundation
import NgrokAPI
import Testing

/// The index keeps credentials in a compact form; what comes out of the account must be what went
/// in (less the secret and the derivable URI), whatever is replaced or removed in between.
struct CredentialIndexTests {
    static let owner = "bot_00000000000000000000000001"

    static func credential(_ kind: CredentialKind, _ n: Int, owner: String? = owner) -> Credential {
        var credential = Fixtures.credential(kind, n, owner: owner ?? "", "credential \(n)")
        credential.ownerID = owner
        credential.metadata = n % 2 == 0 ? "{\"environment\":\"production-eu-west\"}" : ""
        credential.uri = "https://api.ngrok.com/credentials/\(credential.id)"
        credential.token = "secret-\(n)"
        return credential
    }

    static func kept(_ credential: Credential) -> Credential {
        var kept = credential
        kept.uri = ""
        kept.token = nil
        return kept
    }

    static func account(_ credentials: [Credential] = []) -> Account {
        var account = Account()
        for credential in credentials { account.insert(credential) }
        return account
    }

    @Test func whatComesOutIsWhatWentInWithoutTheSecret() {
        let all = [Self.credential(.apiKey, 1), Self.credential(.authtoken, 2), Self.credential(.sshCredential, 3)]
        let index = Self.account(all)
        #expect(index.credentials(of: Self.owner) == all.map(Self.kept))
        #expect(index.owner(ofCredential: all[2].id) == Self.owner)
        #expect(index.counts(of: Self.owner) == CredentialCounts(apiKeys: 1, authtokens: 1, sshCredentials: 1))
        #expect(index.credentialCount(of: Self.owner) == 3)
    }

    @Test func aCredentialWithoutAnOwnerStaysWithout() {
        let orphan = Self.credential(.apiKey, 4, owner: nil)
        let index = Self.account([orphan])
        #expect(index.credentials(of: "") == [Self.kept(orphan)])
        #expect(index.owner(ofCredential: orphan.id) == "")
    }

    @Test func replacingAndRemovingKeepTheRestAndTheSearch() {
        var index = Self.account((1...5).map { Self.credential(.apiKey, $0) })
        var changed = Self.credential(.apiKey, 3)
        changed.description = "rotated key"
        index.insert(changed)
        index.removeCredential(id: Self.credential(.apiKey, 1).id)
        let expected = [2, 4, 5].map { Self.kept(Self.credential(.apiKey, $0)) } + [Self.kept(changed)]
        #expect(index.credentials(of: Self.owner) == expected)
        #expect(index.credentialCount == 4 && index.credentialCount(of: .apiKey) == 4)
        #expect(index.firstMatchingCredential(of: Self.owner, needle: Array("rotated".utf8))?.id == changed.id)
        #expect(index.firstMatchingCredential(of: Self.owner, needle: Array("credential 5".utf8))?.id == Self.credential(.apiKey, 5).id)
        #expect(index.firstMatchingCredential(of: Self.owner, needle: Array("credential 1".utf8)) == nil)
        // A bot that goes takes its credentials with it.
        _ = index.upsert([BotUser(id: Self.owner, name: "deploy", active: true, createdAt: Fixtures.now)])
        _ = index.removeBot(id: Self.owner)
        #expect(index.credentials(of: Self.owner).isEmpty && index.credentialCount == 0 && index.owner(ofCredential: changed.id) == nil)
    }

    @Test func textsOfEveryLengthAndScriptComeBackWhole() {
        var index = Self.account()
        // Lengths around the one-byte and two-byte length prefixes, an empty text, other scripts.
        let descriptions = ["", "a", String(repeating: "x", count: 126), String(repeating: "y", count: 127),
                            String(repeating: "z", count: 128), String(repeating: "é", count: 9_000), "集成 🔑 deploy"]
        var all: [Credential] = []
        for (n, text) in descriptions.enumerated() {
            var credential = Self.credential(.sshCredential, n)
            credential.description = text
            credential.publicKey = n == 0 ? nil : n == 1 ? "" : credential.publicKey
            all.append(credential)
            index.insert(credential)
        }
        #expect(index.credentials(of: Self.owner) == all.map(Self.kept))
    }

    /// Many inserts, changes and removals, checked against a plain dictionary; enough of them that
    /// the index is built again (it drops removed records once they are most of them).
    @Test func agreesWithADictionaryThroughManyChanges() {
        var index = Self.account()
        var model: [String: Credential] = [:]
        let owners = (0..<7).map { String(format: "bot_%027d", $0) } + ["", "usr_000000000000000000000000001"]
        var random = seededGenerator()
        for step in 0..<6_000 {
            let n = Int.random(in: 0..<2_500, using: &random)
            var credential = Self.credential([.apiKey, .authtoken, .sshCredential][n % 3], n, owner: owners[n % owners.count])
            if step < 2_500 || Bool.random(using: &random) {
                credential.description = "credential \(n) v\(step % 4)"
                index.insert(credential)
                // No owner comes back as none, however it was written.
                var kept = Self.kept(credential)
                if kept.ownerID == "" { kept.ownerID = nil }
                model[credential.id] = kept
            } else {
                index.removeCredential(id: credential.id)
                model[credential.id] = nil
            }
            if step == 4_000 {
                _ = index.upsert([BotUser(id: owners[1], name: "deploy", active: true, createdAt: Fixtures.now)])
                _ = index.removeBot(id: owners[1])
                model = model.filter { $0.value.ownerID != owners[1] }
            }
        }
        #expect(index.credentialCount == model.count)
        for owner in owners {
            let expected = model.values.filter { ($0.ownerID ?? "") == owner }
            #expect(Set(index.credentials(of: owner)) == Set(expected))
            #expect(index.credentialCount(of: owner) == expected.count)
        }
        for kind in CredentialKind.allCases {
            #expect(index.credentialCount(of: kind) == model.values.filter { $0.kind == kind }.count)
        }
        for (id, credential) in model.prefix(300) {
            #expect(index.owner(ofCredential: id) == credential.ownerID ?? "")
        }
        #expect(index.owner(ofCredential: "ak_missing") == nil)
        // What a complete list did not deliver is gone: here, every odd-numbered authtoken.
        index.removeCredentials(of: .authtoken) { id in Int(id.dropFirst(3))! % 2 == 1 }
        let authtokens = model.values.filter { $0.kind == .authtoken }
        #expect(index.credentialCount(of: .authtoken) == authtokens.filter { Int($0.id.dropFirst(3))! % 2 == 0 }.count)
        #expect(index.credentialCount(of: .apiKey) == model.values.filter { $0.kind == .apiKey }.count)
    }
}
