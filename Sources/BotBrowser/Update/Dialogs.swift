import NgrokAPI

/// The words of every confirm dialog, from the state at the moment it opens.
enum Dialogs {
    static let maxDescriptionsPerKind = 5

    /// Deactivating is the incident button: focus on it. Activating lets credentials work again,
    /// so it starts on Cancel and takes an explicit `y` or a moved focus.
    static func setActive(_ bot: BotUser, active: Bool, counts: CredentialCounts) -> ConfirmDialog {
        let verb = active ? "Activate" : "Deactivate"
        let effect = active ? "start working again." : "stop working until it is activated again. Nothing is deleted."
        return ConfirmDialog(
            mutations: [.setActive(BotRef(bot), active: active, bulk: false)],
            title: "\(verb) bot \(bot.name)?",
            lines: [bot.id, "", counts.total == 0 ? "It owns no credentials." : "Its \(counts.phrase) \(effect)"]
                + (bot.active == active ? ["", "Shown as \(active ? "active" : "inactive") already; sent anyway: the server's answer is the truth."] : []),
            confirmLabel: verb, focus: active ? .cancel : .confirm, requiredText: nil, isDangerous: !active
        )
    }

    /// Names every bot it will change, with why it is in the set when a filter is on.
    static func bulkSetActive(active: Bool, marked: [BotUser], hidden: Int, counts: CredentialCounts,
                              reason: (String) -> String?) -> ConfirmDialog {
        let verb = active ? "Activate" : "Deactivate"
        // Every marked bot, also those shown as changed already: the screen may be out of date.
        let targets = marked
        let unchanged = marked.filter { $0.active == active }.count
        var lines = ["\(marked.count) marked" + (hidden > 0 ? ", \(hidden) of them hidden by the filter." : ".")]
        if unchanged > 0 {
            lines.append("\(unchanged) shown as \(active ? "active" : "inactive") already; sent anyway.")
        }
        lines.append(counts.total == 0 ? "None of them owns a credential."
                     : "Their \(counts.phrase) " + (active ? "start working again." : "stop working until activated again."))
        lines.append("")
        for bot in targets {
            lines.append("  \(bot.name)  \(bot.id)" + (reason(bot.id).map { "  (\($0))" } ?? ""))
        }
        return ConfirmDialog(
            mutations: targets.map { .setActive(BotRef($0), active: active, bulk: targets.count > 1) },
            title: "\(verb) \(targets.count) bot\(targets.count == 1 ? "" : "s")?",
            lines: lines, confirmLabel: verb, focus: active ? .cancel : .confirm, requiredText: nil, isDangerous: !active
        )
    }

    static func deleteBot(_ bot: BotUser, owned: [Credential]) -> ConfirmDialog {
        var lines = [bot.id, ""]
        if owned.isEmpty {
            lines.append("It owns no credentials.")
        } else {
            lines.append("Revoked and deleted with it, at once and for good:")
            for kind in CredentialKind.allCases {
                let ofKind = owned.filter { $0.kind == kind }
                guard !ofKind.isEmpty else { continue }
                lines.append("  \(kind.counted(ofKind.count))")
                for credential in ofKind.prefix(maxDescriptionsPerKind) {
                    let description = credential.description.isEmpty ? "(no description)" : credential.description
                    lines.append("    \(credential.id)  \(description)")
                }
                if ofKind.count > maxDescriptionsPerKind {
                    lines.append("    … and \(ofKind.count - maxDescriptionsPerKind) more")
                }
            }
        }
        lines.append("")
        lines.append("This cannot be undone.")
        return ConfirmDialog(
            mutations: [.deleteBot(BotRef(bot), owned: CredentialCounts(owned))], title: "Delete bot \(bot.name)?", lines: lines, confirmLabel: "Delete",
            focus: .cancel, requiredText: owned.isEmpty ? nil : bot.name, isDangerous: true
        )
    }

    static func rotateCredential(_ credential: Credential, owner: BotUser) -> ConfirmDialog {
        let description = credential.description.isEmpty ? "(no description)" : credential.description
        return ConfirmDialog(
            mutations: [.rotateCredential(credential.withoutToken, owner: BotRef(owner), publicKey: nil)],
            title: "Rotate \(credential.kind.singular) \(credential.id)?",
            lines: [description, "Owned by \(owner.name) (\(owner.id))", "",
                    "1. A new \(credential.kind.singular) is created for \(owner.name) with the same description, metadata and ACL;",
                    "   its secret is shown once.",
                    "2. Then \(credential.id) is deleted: anything still using it stops working.",
                    "If the create fails, nothing is deleted."],
            confirmLabel: "Rotate", focus: .cancel, requiredText: nil, isDangerous: true
        )
    }

    static func deleteCredential(_ credential: Credential, owner: BotUser) -> ConfirmDialog {
        let ref = CredentialRef(id: credential.id, kind: credential.kind, description: credential.description, owner: BotRef(owner))
        return ConfirmDialog(
            mutations: [.deleteCredential(ref)], title: "Delete \(credential.kind.singular) \(credential.id)?",
            lines: [credential.description.isEmpty ? "(no description)" : credential.description,
                    "Owned by \(owner.name) (\(owner.id))", "", "Anything using it stops working. This cannot be undone."],
            confirmLabel: "Delete", focus: .cancel, requiredText: nil, isDangerous: true
        )
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
