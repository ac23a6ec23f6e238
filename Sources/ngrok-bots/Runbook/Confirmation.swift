import Essentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import BotBrowser
import Runbook

/// The confirmation a destructive command needs: on a terminal the user types the target's name;
/// without one (a script, CI) only `--yes` lets it through.
enum Confirmation {
    static var hasTerminal: Bool { isatty(STDIN_FILENO) != 0 }

    /// Returns when the change may go ahead; otherwise throws "refused" (exit status 5).
    /// `id`, when given, is accepted as well as `expected` (a bot's id beside its name).
    static func require(yes: Bool, prompt: String, expected: String, id: String? = nil, orWord word: String = "delete") throws(RunbookError) {
        if yes { return }
        guard hasTerminal else {
            throw RunbookError(.refused, "refused: no terminal to confirm on; pass --yes to do it without asking")
        }
        // A name is the server's text: cleaned, so a bot named with an escape sequence cannot write
        // to the terminal (or its clipboard) from this prompt, and one with a hidden character
        // (`de‹U+200B›ploy`) does not pass for another. Such a name cannot be typed as it is
        // shown: its id is asked for instead, and the answer is matched against the real name.
        let shown = TextSanitizer.clean(expected)
        let hidden = TextSanitizer.hasMarked(expected)
        let ask = if let id, hidden {
            "Its name \(shown) has hidden characters, shown as \u{2039}U+\u{2026}\u{203A}.\nType its id \(id) (or the word \(word)) to confirm: "
        } else {
            "Type \(shown) (or the word \(word)) to confirm: "
        }
        StandardStream.writeError(RunbookOptions.terminalSafe(prompt) + "\n" + ask)
        let answer = readLine(strippingNewline: true)?.trimmedOfSpaces ?? ""
        guard answer == expected || (answer == shown && !hidden && !shown.isEmpty) || answer == word || (id != nil && answer == id) else {
            throw RunbookError(.refused, "refused: the answer did not match; nothing was changed")
        }
    }
}
