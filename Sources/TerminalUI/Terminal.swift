import Essentials
import BotBrowser

/// What the interactive loop needs from a terminal. `NcursesTerminal` is the real one; tests
/// can drive the loop with a fake.
public protocol Terminal: AnyObject {
    var size: Size { get }
    func draw(_ frame: Frame)
    /// Waits up to the terminal's poll interval for input.
    func readEvent() -> TerminalEvent?
    /// Gives the terminal back to the shell as it was.
    func restore()
    /// Puts text on the clipboard of the terminal the user sits at (OSC 52), through SSH and tmux.
    func copyToClipboard(_ text: String)
}

public enum TerminalEvent: Equatable, Sendable {
    case key(KeyName)
    /// Text the terminal marked as pasted.
    case paste(String)
    case resize(Size)
}

extension Terminal {
    /// The OSC 52 sequence that asks the terminal to set its clipboard to `text`.
    public static func osc52(_ text: String) -> String {
        "\u{1B}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}"
    }
}
