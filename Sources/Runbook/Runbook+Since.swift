import Essentials
import NgrokAPI

extension Runbook {
    /// What was created since `time` (`NgrokClient.createdSince`, shared with the browser's `C` pane).
    public func createdSince(_ time: Date) async throws(RunbookError) -> CreatedSince {
        do {
            return try await client.createdSince(time)
        } catch {
            throw RunbookError.from(error)
        }
    }
}
