import NgrokAPI

extension Runbook {
    /// Refuses (exit status 5) a change that would cut off the API key this program is using
    /// (`GET /self`): deactivating or deleting the bot that owns it, deleting or rotating the key.
    /// A runbook that did that by accident would fail at its next step, mid-response. When `/self`
    /// cannot be read, nothing is known to guard and the change goes ahead.
    public func refuseSelfLockout(bots: [BotUser] = [], credentialIDs: [String] = [], allowed: Bool) async throws(RunbookError) {
        guard !allowed, let me = try? await client.whoAmI() else { return }
        let key = me.apiKey
        let how = "Run it with another admin's API key, or pass --allow-self-lockout if that is what you want."
        if let bot = bots.first(where: { BotID.same($0.id, key.ownerID) }) {
            throw RunbookError(.refused, "\(bot.name) (\(bot.id)) owns the API key this program is using (\(key.id)): "
                               + "this would cut this program off. \(how)")
        }
        if credentialIDs.contains(key.id) {
            throw RunbookError(.refused, "\(key.id) is the API key this program is using: this would cut this program off. \(how)")
        }
    }
}
