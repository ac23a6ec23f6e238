import BotBrowser
import BotBrowserEffects
import Foundation
import Testing

/// Who the audit log says made a change: the account the program runs as, not what `$USER` claims.
@Suite("The audit log's user")
struct AuditUserTests {
    @Test func theUserComesFromThePasswordDatabaseAndUSERIsOnlyAHint() {
        let account = AuditLog.localUser(environment: [:])
        #expect(!account.isEmpty && !account.contains("USER="))
        #expect(AuditLog.localUser(environment: ["USER": account]) == account)
        let claimed = AuditLog.localUser(environment: ["USER": "someone-else"])
        #expect(claimed == "\(account) (USER=someone-else)")
    }
}
