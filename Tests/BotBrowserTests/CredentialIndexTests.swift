import BotBrowser
import Foundation
import NgrokAPI
import Testing

/// The index keeps credentials in a compact form; what comes out must be what went in (less the
/// secret and the derivable URI), whatever is replaced or removed in between.
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

    @Test func whatComesOutIsWhatWentInWithoutTheSecret() {
        let all = [Self.credential(.apiKey, 1), Self.credential(.authtoken, 2), Self.credential(.sshCredential, 3)]
        let index = CredentialIndex(all)
        #expect(index.credentials(of: Self.owner) == all.map(Self.kept))
        #expect(index.ownerOf[all[2].id] == Self.owner)
        #expect(index.counts(of: Self.owner) == CredentialCounts(apiKeys: 1, authtokens: 1, sshCredentials: 1))
        #expect(index.credentialCount(of: Self.owner) == 3)
    }

    @Test func aCredentialWithoutAnOwnerStaysWithout() {
        let orphan = Self.credential(.apiKey, 4, owner: nil)
        let index = CredentialIndex([orphan])
        #expect(index.credentials(of: "") == [Self.kept(orphan)])
        #expect(index.ownerOf[orphan.id] == "")
    }

    @Test func replacingAndRemovingKeepTheRestAndTheSearch() {
        var index = CredentialIndex((1...5).map { Self.credential(.apiKey, $0) })
        var changed = Self.credential(.apiKey, 3)
        changed.description = "rotated key"
        index.insert(changed)
        index.remove(id: Self.credential(.apiKey, 1).id)
        let expected = [2, 4, 5].map { Self.kept(Self.credential(.apiKey, $0)) } + [Self.kept(changed)]
        #expect(index.credentials(of: Self.owner) == expected)
        #expect(index.count == 4 && index.count(of: .apiKey) == 4)
        #expect(index.firstMatch(owner: Self.owner, needle: "rotated")?.id == changed.id)
        #expect(index.firstMatch(owner: Self.owner, needle: "credential 5")?.id == Self.credential(.apiKey, 5).id)
        #expect(index.firstMatch(owner: Self.owner, needle: "credential 1") == nil)
        index.removeAll(ownedBy: Self.owner)
        #expect(index.credentials(of: Self.owner).isEmpty && index.count == 0 && index.ownerOf[changed.id] == nil)
    }
}
