import Essentials
import NgrokAPI

/// Contain, then verify (issue 20): after a deactivate or delete that also stopped live sessions,
/// the server is asked again whether the bot is off and whether an agent is back.
extension Reducer {
    static func containmentChecked(_ state: inout AppState, bot: BotRef, _ result: Result<ContainmentCheck, NgrokError>) {
        switch result {
        case .success(let check):
            let text = check.report(botName: bot.name, checkedAt: state.ui.now)
            if check.isContained {
                state.ui.flash = Flash(text)
                // The record of the response, in the `!` log with the errors.
                state.ui.events.record(text, level: .info, at: state.ui.now)
            } else {
                for session in check.sessions { state.account.sessions.insert(session) }
                state.ui.flash = Flash(text, .error)
            }
        case .failure(let error):
            state.ui.flash = Flash("Could not check that \(bot.name) is contained: \(error.summary)", .warning)
        }
    }
}
