import BotBrowser
import BotBrowserEffects
import NgrokAPI

/// Contain, then verify (`--verify`): a few seconds after a bot was deactivated or deleted, or its
/// sessions stopped, the server is asked again whether the bot is off and whether any agent or
/// endpoint is back, as the TUI does after `D t y`.
extension Runbook {
    /// Long enough for the stops to be answered and for an agent that reconnects at once to have done so.
    public static let verifyDelay: Duration = .seconds(3)

    /// `credentialIDs`: the authtokens and SSH keys the bot had (a deleted bot's are gone, and an
    /// agent back on one of them would still be news).
    public func verifyContainment(of bot: BotUser, credentialIDs: [String], after delay: Duration = verifyDelay)
        async throws(RunbookError) -> ContainmentCheck {
        try? await Task.sleep(for: delay)
        do {
            return try await ContainmentProbe.check(client, botID: bot.id, credentialIDs: credentialIDs)
        } catch {
            throw RunbookError.from(error)
        }
    }

    /// The authtokens and SSH keys of `bot` now: what its agents could connect with.
    public func agentCredentialIDs(of bot: BotUser) async throws(RunbookError) -> [String] {
        try await credentials(of: bot).filter { $0.kind != .apiKey }.map(\.id)
    }
}
