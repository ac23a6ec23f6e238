import Essentials
import NgrokAPI

/// A credential as `CredentialIndex` keeps it, in 32 bytes: its id, description and public key
/// are in the index's `TextArena`, its metadata and ACL rules are numbers of shared copies, its
/// owner is the slot it is filed under. The API's `Credential` is 136 bytes plus an allocation
/// per text; at 50,000 credentials that was a third of the program's memory. The URI is
/// derivable and never shown; the token is never kept.
struct CredentialRecord: Sendable, Equatable {
    var createdAt: Date
    /// Where its id, description and public key are in the arena.
    var text: UInt32
    /// The owner slot it is filed under; -1 once it is removed.
    var slot: Int32
    /// The owner's next credential, in the order they arrived; -1 for the last.
    var next: Int32
    var metadata: Int32
    var acl: Int32
    var kind: CredentialKind
}
