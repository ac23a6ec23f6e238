/// How a message names a key. Every text that tells the user to press something asks here, so a
/// key rebound in `keymap.conf` is named as it now is (never the built-in one it replaced), and a
/// command left with no key drops its clause rather than naming a key that does nothing.
extension Keymap {
    /// The first key that runs `command` from `context`, as hints show it (`Esc`, `t`, `C-t`); nil
    /// when none does. `typing`: the pane takes printable keys as text (a name being typed), so
    /// only a key that types nothing can reach the command.
    public func keyName(_ command: Command, in context: KeyContext, typing: Bool = false) -> String? {
        keys(for: command, in: context).first { !typing || $0.typedText == nil }?.display
    }

    /// `clause` with the key's name in it, or "" when nothing runs the command:
    /// `say(.cancel, in: .confirm) { "; \($0) cancels" }`.
    public func say(_ command: Command, in context: KeyContext, typing: Bool = false, _ clause: (String) -> String) -> String {
        keyName(command, in: context, typing: typing).map(clause) ?? ""
    }
}
