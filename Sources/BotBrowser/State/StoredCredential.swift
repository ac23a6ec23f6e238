#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NgrokAPI

/// A credential as the index keeps it: what every one has (id, kind, description, date) in 48
/// bytes, and what few have (metadata, ACL rules, a public key) in a side list. The API's
/// `Credential` is 136 bytes, mostly empty fields: at 50,000 credentials that was a sixth of the
/// program's memory. The owner is the slot the record is filed under; the URI is derivable and
/// never shown; the token is never kept.
struct StoredCredential: Sendable, Equatable {
    var id: String
    var description: String
    var createdAt: Date
    var kind: CredentialKind
    /// Where this credential's `CredentialExtras` are, or -1 when it has none.
    var extras: Int32
}

/// The fields most credentials leave empty.
struct CredentialExtras: Sendable, Equatable {
    var metadata: String
    var acl: [String]
    var publicKey: String?

    var isEmpty: Bool { metadata.isEmpty && acl.isEmpty && publicKey == nil }
}
