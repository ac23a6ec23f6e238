import Essentials

/// The words beside a bot whose change is on its way: "deactivating…", and while the API's window
/// holds the change back, when it goes out, so a wait is never mistaken for a hang (the status
/// line says why).
enum PendingNote {
    static func text(_ state: AppState, botID: String, ellipsis: String) -> String? {
        guard let label = state.changes.pending[botID] else { return nil }
        let wait = state.loads.changeWaitsUntil.map { $0.timeIntervalSince(state.ui.now) } ?? 0
        return wait > 0 ? "\(label)\(ellipsis) in \(Int(wait.rounded(.up))) s" : "\(label)\(ellipsis)"
    }
}
