import BotBrowser

/// Turns what ncurses' `get_wch` returns into the key names of the key registry.
public enum KeyDecoder {
    /// A function key code (when `get_wch` says KEY_CODE_YES).
    public static func functionKey(_ code: Int32) -> KeyName? {
        switch code {
        case 0o402: .special("Down")
        case 0o403: .special("Up")
        case 0o404: .special("Left")
        case 0o405: .special("Right")
        case 0o406: .special("Home")
        case 0o407: .backspace
        case 0o411...0o424: .special("F\(code - 0o410)")
        case 0o512: .special("Del")
        case 0o513: .special("Ins")
        case 0o522: .special("PgDn")
        case 0o523: .special("PgUp")
        case 0o527: .enter
        case 0o541: .special("BackTab")
        case 0o550: .special("End")
        default: nil
        }
    }

    /// An ordinary character, control characters included.
    public static func character(_ value: UInt32) -> KeyName? {
        switch value {
        case 10, 13: return .enter
        case 27: return .escape
        case 9: return .special("Tab")
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(value + 96)!))
        case 0, 28...31: return nil
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .character(Character(scalar))
        }
    }
}
