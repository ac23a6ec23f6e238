import NgrokAPI

/// The client's changes without a `SendGate`: these tests never stop a queued change. The
/// program's one caller, `EffectRunner`, always passes one.
extension NgrokClient {
    func createBot(name: String, active: Bool) async throws -> BotUser {
        try await createBot(name: name, active: active, gate: nil)
    }
    func updateBot(id: String, name: String?, active: Bool?) async throws -> BotUser {
        try await updateBot(id: id, name: name, active: active, gate: nil)
    }
    func deleteBot(id: String) async throws {
        try await deleteBot(id: id, gate: nil)
    }
    func stopTunnelSession(id: String) async throws {
        try await stopTunnelSession(id: id, gate: nil)
    }
}
