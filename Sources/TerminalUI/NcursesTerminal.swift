import BotBrowser
import CNCurses
import Essentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The ncursesw screen: one setup, one restore, drawing of `Frame`s and reading of keys.
/// Every call happens on the thread that created it.
public final class NcursesTerminal: Terminal {
    private let theme: Theme
    private var restored = false
    public private(set) var size: Size

    private let wakeup: Wakeup?
    private let pollMilliseconds: Int32

    /// `readEvent` waits for a key or for `wakeup` (a result from the network), at most
    /// `pollMilliseconds`, so signals are seen promptly too.
    public init(color: Bool, wakeup: Wakeup? = nil, pollMilliseconds: Int32 = 100) {
        self.wakeup = wakeup
        self.pollMilliseconds = pollMilliseconds
        _ = shim_set_locale()
        shim_install_crash_restore()
        _ = initscr()
        cbreak()
        noecho()
        nonl()
        keypad(shim_stdscr(), true)
        shim_define_home_and_end()
        set_escdelay(25)
        // Never blocks inside ncurses: `readEvent` waits in poll(2), where a wakeup can end the wait.
        nodelay(shim_stdscr(), true)
        curs_set(0)
        shim_enable_bracketed_paste()
        if color && has_colors() {
            start_color()
            use_default_colors()
            theme = Theme.color()
        } else {
            theme = Theme.monochrome()
        }
        size = Size(width: Int(shim_cols()), height: Int(shim_lines()))
    }

    deinit {
        restore()
    }

    public func restore() {
        guard !restored else { return }
        restored = true
        shim_disable_bracketed_paste()
        curs_set(1)
        endwin()
    }

    public func copyToClipboard(_ text: String) {
        let sequence = Array(Self.osc52(text).utf8)
        sequence.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { shim_write_terminal($0, buffer.count) }
        }
    }

    public func draw(_ frame: Frame) {
        let window = shim_stdscr()
        var wide: [wchar_t] = [0, 0, 0, 0, 0, 0]
        for y in 0..<min(frame.size.height, size.height) {
            wmove(window, Int32(y), 0)
            for x in 0..<min(frame.size.width, size.width) {
                let cell = frame[x, y]
                guard let character = cell.character else { continue }
                // The base character and its combining marks, at most five scalars.
                let scalars = Array(character.unicodeScalars.prefix(5))
                for (index, scalar) in scalars.enumerated() { wide[index] = wchar_t(bitPattern: scalar.value) }
                wide[scalars.count] = 0
                let look = theme[cell.role]
                _ = wide.withUnsafeBufferPointer { shim_put_wide($0.baseAddress, look.attributes, look.pair) }
            }
        }
        if let cursor = frame.cursor {
            wmove(window, Int32(cursor.y), Int32(cursor.x))
            curs_set(1)
        } else {
            curs_set(0)
        }
        wrefresh(window)
    }

    public func readEvent() -> TerminalEvent? {
        // Keys ncurses already holds (the rest of a fast paste or typing) come first, without waiting.
        if let event = readKey() { return event }
        var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)]
        if let wakeup { fds.append(pollfd(fd: wakeup.readFD, events: Int16(POLLIN), revents: 0)) }
        let ready = poll(&fds, nfds_t(fds.count), pollMilliseconds)
        if ready > 0, fds.count > 1, fds[1].revents != 0 { wakeup?.drain() }
        // Also after EINTR: a resize is a signal, and ncurses then has KEY_RESIZE waiting.
        return readKey()
    }

    private func readKey() -> TerminalEvent? {
        var value: wint_t = 0
        let status = shim_get_wch(&value)
        if status == ERR { return nil }
        if status == shim_key_code_yes() {
            if Int32(value) == shim_key_paste_start() { return .paste(readPaste()) }
            if Int32(value) == shim_key_resize() {
                size = Size(width: Int(shim_cols()), height: Int(shim_lines()))
                return .resize(size)
            }
            return KeyDecoder.functionKey(Int32(value)).map(TerminalEvent.key)
        }
        return KeyDecoder.character(UInt32(value)).map(TerminalEvent.key)
    }

    /// Everything up to the end-of-paste marker, as text. Gives up after a second of silence, so a
    /// terminal that never sends the end marker cannot hang the program.
    private func readPaste() -> String {
        var text = ""
        var idlePolls = 0
        var value: wint_t = 0
        while idlePolls < 20 {
            let status = shim_get_wch(&value)
            if status == ERR {
                idlePolls += 1
                var input = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
                _ = poll(&input, 1, 50)
                continue
            }
            idlePolls = 0
            if status == shim_key_code_yes() {
                if Int32(value) == shim_key_paste_end() { break }
                continue
            }
            if let scalar = Unicode.Scalar(UInt32(value)) { text.unicodeScalars.append(scalar) }
        }
        return text
    }
}
