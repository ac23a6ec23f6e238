/// What a command needs before it can run, declared once per command (lazygit's
/// `GetDisabledReason`, k9s's action flags). `Reducer.run` asks `disabledReason` before anything
/// else, so no command can forget a check, and a new command must fill in its row: the switch
/// below lists every case, with no default to fall back on.
public struct CommandTraits: Sendable, Equatable {
    public enum Target: Sendable, Equatable {
        case none
        /// The selected bot.
        case bot
        /// The marked bots, or the selected one when none is marked.
        case markedOrBot
        /// The credential under the detail pane's cursor.
        case credential
    }

    public var mutates = false
    public var target = Target.none
}

extension Command {
    public var traits: CommandTraits {
        switch self {
        case .deactivate, .activate: CommandTraits(mutates: true, target: .markedOrBot)
        case .deleteBot, .renameBot, .newCredential: CommandTraits(mutates: true, target: .bot)
        case .deleteCredential, .rotateCredential: CommandTraits(mutates: true, target: .credential)
        case .stopSession, .stopAllSessions: CommandTraits(mutates: true, target: .bot)
        case .newBot: CommandTraits(mutates: true)
        case .openDetail, .copy, .mark: CommandTraits(target: .bot)
        case .moveDown, .moveUp, .pageDown, .pageUp, .halfPageDown, .halfPageUp, .top, .bottom, .back, .filter, .cycleSort,
             .markAllVisible, .clearMarks, .refresh, .eventLog, .createdSince, .help, .quit, .confirm, .yes, .cancel, .switchFocus,
             .deleteBackward, .clearInput, .chooseAPIKey, .chooseAuthtoken, .chooseSSHKey, .toggleStopSessions:
            CommandTraits()
        }
    }

    /// Why the command cannot run in the list or detail pane now, or nil when it can. Dialogs,
    /// prompts and the filter line take their own commands and are not asked.
    public func disabledReason(in state: AppState) -> String? {
        let traits = self.traits
        if traits.mutates && state.settings.readOnly {
            return "read-only: \(rawValue) is not available (started with --read-only)"
        }
        switch traits.target {
        case .none:
            return nil
        case .markedOrBot where !state.browser.marked.isEmpty:
            return nil
        case .bot, .markedOrBot:
            return state.selectedBot == nil ? "No bot selected" : nil
        case .credential:
            guard let bot = state.selectedBot else { return "No bot selected" }
            return state.credentialUnderCursor == nil ? "\(bot.name) owns no credentials" : nil
        }
    }
}
