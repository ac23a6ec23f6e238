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
}

public enum TerminalEvent: Equatable, Sendable {
    case key(KeyName)
    case resize(Size)
}
