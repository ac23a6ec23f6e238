/// The API's reference to another object: `{"id", "uri"}` (a session's credential, an endpoint's
/// principal and session).
struct ObjectReference: Codable {
    var id: String
    var uri: String?
}
