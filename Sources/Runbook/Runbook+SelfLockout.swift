import NgrokAPI

extension Runbook {
    static let selfLockoutAdvice = "Run it with another admin's API key, or pass --allow-self-lockout if that is what you want."

    /// Refuses (exit status 5) a change that would cut off the API key this program is using
    /// (`GET /self`): deactivating or deleting the bot that owns it, deleting or rotating the key.
    /// A runbook that did that by accident would fail at its next step, mid-response. When `/self`
    /// cannot be read, nothing is known to guard and the change goes ahead.
    public func refuseSelfLockout(bots: [BotUser] = [], credentialIDs: [String] = [], allowed: Bool) async throws(RunbookError) {
        guard !allowed, let me = try? await client.whoAmI() else { return }
        let key = me.apiKey
        if let bot = bots.first(where: { BotID.same($0.id, key.ownerID) }) {
            throw RunbookError(.refused, "\(bot.name) (\(bot.id)) owns the API key this program is using (\(key.id)): "
                               + "this would cut this program off. \(Self.selfLockoutAdvice)")
        }
        if credentialIDs.contains(key.id) {
            throw RunbookError(.refused, "\(key.id) is the API key this program is using: this would cut this program off. \(Self.selfLockoutAdvice)")
        }
    }

    /// Rotating the API key this program is using. `rotate` never switches to the new key (the
    /// program cannot know where the key it was given is kept, and a half-switched runbook is worse
    /// than a stopped one): the new token is printed once and the old key is deleted last, which
    /// cuts this program off. Refused (exit status 5) unless allowed; allowed, the line returned
    /// says so, for the command to print before it asks. Nil for any other credential.
    public func rotationOfOwnKey(_ credential: Credential, allowed: Bool) async throws(RunbookError) -> String? {
        guard let me = try? await client.whoAmI(), me.apiKey.id == credential.id else { return nil }
        let what = "\(credential.id) is the API key this program is using: rotate does not switch this program to the new key"
        guard allowed else {
            throw RunbookError(.refused, "\(what), so deleting \(credential.id) would cut this program off. \(Self.selfLockoutAdvice)")
        }
        return "\(what); it prints the new one, then deletes \(credential.id) as its last step, after which this program's key no longer works."
    }
}
