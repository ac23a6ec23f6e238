#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NgrokAPI

/// Contain, then verify (issue 20): after a deactivate or delete that also stopped live sessions,
/// the server is asked again whether the bot is off and whether an agent is back.
extension Reducer {
    static func containmentChecked(_ state: inout AppState, bot: BotRef, _ result: Result<ContainmentCheck, NgrokError>) {
        let at = APIJSON.formatTimestamp(state.now).split(separator: "T").last.map { String($0.prefix(8)) } ?? ""
        switch result {
        case .success(let check) where check.isContained:
            let now = check.botActive == nil ? "deleted" : "inactive"
            let text = "Contained: \(bot.name) is \(now), 0 live sessions on its credentials, \(check.endpointsText) (checked \(at) UTC)"
            state.flash = Flash(text)
            // The record of the response, in the `!` log with the errors.
            state.events.record(text, level: .info, at: state.now)
        case .success(let check):
            for session in check.sessions { state.sessions.insert(session) }
            var problems: [String] = []
            if check.botActive == true { problems.append("\(bot.name) is active again") }
            if !check.sessions.isEmpty {
                let first = check.sessions[0]
                problems.append("\(check.sessions.count) live session\(check.sessions.count == 1 ? "" : "s") on its credentials "
                                + "(\(first.id) from \(TextSanitizer.clean(first.ip)))")
            }
            if let endpoints = check.endpoints, let first = endpoints.first {
                problems.append("\(endpoints.count) live endpoint\(endpoints.count == 1 ? "" : "s") as the bot (\(TextSanitizer.clean(first.url)))")
            }
            state.flash = Flash("NOT contained (checked \(at) UTC): " + problems.joined(separator: "; "), .error)
        case .failure(let error):
            state.flash = Flash("Could not check that \(bot.name) is contained: \(error.summary)", .warning)
        }
    }
}
