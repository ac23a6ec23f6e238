import NgrokAPI

/// The words of every confirm dialog, from the state at the moment it opens.
enum Dialogs {
    static let maxDescriptionsPerKind = 5

    /// Deactivating is the incident button: focus on it. Activating lets credentials work again,
    /// so it starts on Cancel and takes an explicit `y` or a moved focus.
    static func setActive(_ bot: BotUser, active: Bool, tally: CredentialTally) -> ConfirmDialog {
        let verb = active ? "Activate" : "Deactivate"
        let effect = active ? "start working again." : "stop working until it is activated again. Nothing is deleted."
        let every = active ? "starts working again." : "stops working until it is activated again. Nothing is deleted."
        return ConfirmDialog(
            mutations: [.setActive(BotRef(bot), active: active, bulk: false)],
            title: "\(verb) bot \(bot.name)?",
            lines: [bot.id, ""] + effectLines(tally, whole: "Its \(tally.counts.phrase) \(effect)",
                                             every: "Every credential it owns \(every)", none: "It owns no credentials.")
                + (bot.active == active ? ["", "Shown as \(active ? "active" : "inactive") already; sent anyway: the server's answer is the truth."] : []),
            confirmLabel: verb, focus: active ? .cancel : .confirm, requiredText: nil
        )
    }

    /// What stops (or starts) working: the whole counts when they are known; otherwise each kind
    /// with its count, or `?` and why, never a partial count as if it were all of them.
    static func effectLines(_ tally: CredentialTally, whole: String, every: String, none: String) -> [String] {
        if tally.ownsNone { return [none] }
        if tally.isComplete { return [whole] }
        return [every] + tally.lines
    }

    /// Names every bot it will change, with why it is in the set when a filter is on.
    static func bulkSetActive(active: Bool, marked: [BotUser], hidden: Int, tally: CredentialTally,
                              reason: (String) -> String?) -> ConfirmDialog {
        let verb = active ? "Activate" : "Deactivate"
        // Every marked bot, also those shown as changed already: the screen may be out of date.
        let targets = marked
        let unchanged = marked.filter { $0.active == active }.count
        var lines = ["\(marked.count) marked" + (hidden > 0 ? ", \(hidden) of them hidden by the filter." : ".")]
        if unchanged > 0 {
            lines.append("\(unchanged) shown as \(active ? "active" : "inactive") already; sent anyway.")
        }
        let effect = active ? "working again." : "working until activated again."
        lines += effectLines(tally, whole: "Their \(tally.counts.phrase) \(active ? "start" : "stop") \(effect)",
                             every: "Every credential they own \(active ? "starts" : "stops") \(effect)",
                             none: "None of them owns a credential.")
        lines.append("")
        for bot in targets {
            lines.append("  \(bot.name)  \(bot.id)" + (reason(bot.id).map { "  (\($0))" } ?? ""))
        }
        return ConfirmDialog(
            mutations: targets.map { .setActive(BotRef($0), active: active, bulk: targets.count > 1) },
            title: "\(verb) \(targets.count) bot\(targets.count == 1 ? "" : "s")?",
            lines: lines, confirmLabel: verb, focus: active ? .cancel : .confirm, requiredText: nil
        )
    }

    /// Says what dies with the bot, from what is known now, and that the server is being asked.
    /// The name must be typed unless the server's answer, given since the dialog opened, is that
    /// the bot owns nothing.
    static func deleteBot(_ bot: BotUser, owned: [Credential], tally: CredentialTally, check: OwnedCheck) -> ConfirmDialog {
        var lines = [bot.id, ""]
        let ownsNone = check.isComplete && tally.ownsNone
        if ownsNone {
            lines.append("It owns no credentials (the server's answer just now).")
        } else {
            if !check.isComplete {
                lines.append("Asking the server what it owns\u{2026} until it answers, the name must be typed.")
            }
            if tally.ownsNone {
                lines.append("The lists loaded so far show no credentials.")
            } else {
                lines.append("Revoked and deleted with it, at once and for good:")
            }
            for kind in CredentialKind.allCases {
                let ofKind = owned.filter { $0.kind == kind }
                if tally.unknown[kind] != nil {
                    lines.append("  \(kind.plural): ? (checking\u{2026}" + (ofKind.isEmpty ? ")" : "; \(ofKind.count) so far)"))
                } else if ofKind.isEmpty {
                    continue
                } else {
                    lines.append("  \(kind.counted(ofKind.count))")
                }
                for credential in ofKind.prefix(maxDescriptionsPerKind) {
                    let description = credential.description.isEmpty ? "(no description)" : credential.description
                    lines.append("    \(credential.id)  \(description)")
                }
                if ofKind.count > maxDescriptionsPerKind {
                    lines.append("    \u{2026} and \(ofKind.count - maxDescriptionsPerKind) more")
                }
            }
        }
        lines.append("")
        lines.append("This cannot be undone.")
        var dialog = ConfirmDialog(
            mutations: [.deleteBot(BotRef(bot), owned: CredentialCounts(owned))], title: "Delete bot \(bot.name)?", lines: lines, confirmLabel: "Delete",
            focus: .cancel, requiredText: ownsNone ? nil : bot.name
        )
        dialog.requiredID = bot.id
        dialog.ownedCheck = check
        return dialog
    }

    /// What deleting a credential does not do: end the sessions agents started with it.
    static func liveSessionsLine(_ liveSessions: Int) -> [String] {
        guard liveSessions > 0 else { return [] }
        return ["\(liveSessions) live agent session\(liveSessions == 1 ? " uses" : "s use") it now; deleting it does not end "
                + (liveSessions == 1 ? "it." : "them.")]
    }

    static func rotateCredential(_ credential: Credential, owner: BotUser, liveSessions: Int) -> ConfirmDialog {
        let description = credential.description.isEmpty ? "(no description)" : credential.description
        return ConfirmDialog(
            mutations: [.rotateCredential(credential.withoutToken, owner: BotRef(owner), publicKey: nil)],
            title: "Rotate \(credential.kind.singular) \(credential.id)?",
            lines: [description, "Owned by \(owner.name) (\(owner.id))", "",
                    "1. A new \(credential.kind.singular) is created for \(owner.name) with the same description, metadata and ACL; its secret is shown once.",
                    "2. Then \(credential.id) is deleted: nothing new can start with it."]
                + liveSessionsLine(liveSessions) + ["If the create fails, nothing is deleted."],
            confirmLabel: "Rotate", focus: .cancel, requiredText: nil
        )
    }

    static func deleteCredential(_ credential: Credential, owner: BotUser, liveSessions: Int) -> ConfirmDialog {
        let ref = CredentialRef(id: credential.id, kind: credential.kind, description: credential.description, owner: BotRef(owner))
        return ConfirmDialog(
            mutations: [.deleteCredential(ref)], title: "Delete \(credential.kind.singular) \(credential.id)?",
            lines: [credential.description.isEmpty ? "(no description)" : credential.description,
                    "Owned by \(owner.name) (\(owner.id))", "", "Nothing new can start with it. This cannot be undone."]
                + liveSessionsLine(liveSessions),
            confirmLabel: "Delete", focus: .cancel, requiredText: nil
        )
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
