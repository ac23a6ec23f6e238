import BotBrowser
import NgrokAPI

/// Asks the server whether a bot is contained: its state, the live sessions on the credentials it
/// had, and the endpoints still running as it. One probe for the TUI's check and `--verify`.
public enum ContainmentProbe {
    public static func check(_ client: any NgrokClient, botID: String, credentialIDs: [String]) async throws -> ContainmentCheck {
        let now = try await client.lookUpBot(id: botID)
        let live = try await client.allTunnelSessions(filter: .credentials(credentialIDs), priority: .interactive)
        // A server without `/endpoints` (404) leaves that part unknown, not the whole check.
        let endpoints: [Endpoint]?
        do {
            endpoints = try await client.allEndpoints(.principal(botID))
        } catch let error as NgrokError where error.status == 404 {
            endpoints = nil
        }
        // The server's filter is checked here too: only these credentials' sessions count.
        return ContainmentCheck(botActive: now?.active, sessions: live.filter { credentialIDs.contains($0.credentialID) },
                                endpoints: endpoints)
    }
}
