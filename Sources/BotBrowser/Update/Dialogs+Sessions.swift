import Essentials
import NgrokAPI

/// The words of the dialogs that stop live agent sessions.
extension Dialogs {
    /// "3 live agent sessions use its authtokens; they may keep running:" (the API does not say
    /// whether a deactivate or a delete ends them). `kinds`: of the credentials the sessions use,
    /// so a session on an SSH key is not said to use an authtoken; unknown or mixed, "credentials".
    /// `atLeast` while not every session of the bots' credentials is known: "At least 3 live …".
    static func sessionsHeadline(_ count: Int, bots: Int = 1, kinds: Set<CredentialKind> = [], atLeast: Bool = false) -> String {
        let plural = count != 1 || atLeast
        let kind = kinds.count == 1 ? kinds.first : nil
        let what = plural ? (kind?.plural ?? "credentials") : (kind?.singular ?? "credential")
        return (atLeast ? "At least \(count)" : "\(count)") + " live agent session\(plural ? "s use" : " uses") "
            + "\(bots == 1 ? "its" : "their") \(what); \(plural ? "they" : "it") may keep running:"
    }

    /// Lists every session that stops, with where it connects from and since when.
    /// `deactivateKey`: the key that deactivates, named in the advice (none bound, no advice of a key).
    static func stopSessions(_ refs: [SessionRef], bot: BotUser, now: Date, sessions: SessionIndex, deactivateKey: String?) -> ConfirmDialog {
        var lines = ["Bot \(bot.name) (\(bot.id))", "", "Each agent is told to exit:"]
        for ref in refs {
            var line = "  \(ref.label)"
            if let session = sessions.session(id: ref.id) { line += "  since " + SessionLines.age(session.startedAt, now: now) }
            lines.append(line)
        }
        lines += ["", "An agent can connect again while its credential works" + (deactivateKey.map { ": \($0) deactivates the bot." } ?? ".")]
        let title = refs.count == 1 ? "Stop session \(refs[0].id)?" : "Stop \(refs.count) live sessions of \(bot.name)?"
        return ConfirmDialog(mutations: refs.map(Mutation.stopSession), title: title, lines: lines, confirmLabel: "Stop", focus: .confirm,
                             requiredText: nil)
    }
}
