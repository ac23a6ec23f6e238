#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
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
    static func require(yes: Bool, prompt: String, expected: String, orWord word: String = "delete") throws(RunbookError) {
        if yes { return }
        guard hasTerminal else {
            throw RunbookError(.refused, "refused: no terminal to confirm on; pass --yes to do it without asking")
        }
        // A name is the server's text: cleaned, so a bot named with an escape sequence cannot write
        // to the terminal (or its clipboard) from this prompt. The answer is matched against the
        // name as it is shown.
        let shown = TextSanitizer.clean(expected)
        StandardStream.writeError(RunbookOptions.terminalSafe(prompt) + "\nType \(shown) (or the word \(word)) to confirm: ")
        let answer = readLine(strippingNewline: true)?.trimmedOfSpaces ?? ""
        guard answer == expected || (answer == shown && !shown.isEmpty) || answer == word else {
            throw RunbookError(.refused, "refused: the answer did not match; nothing was changed")
        }
    }
}
