import BotBrowser
import CNCurses

/// How each style role looks: a colour pair with attributes, or attributes alone in monochrome.
struct Theme {
    struct Look {
        var pair: Int16
        var attributes: attr_t
    }

    private var looks: [StyleRole: Look] = [:]

    subscript(role: StyleRole) -> Look {
        looks[role] ?? Look(pair: 0, attributes: shim_a_normal())
    }

    /// Sets up colour pairs; call after `start_color`.
    static func color() -> Theme {
        let table: [(StyleRole, Int32, Int32, attr_t)] = [
            (.normal, -1, -1, shim_a_normal()),
            (.title, Int32(COLOR_WHITE), Int32(COLOR_BLUE), shim_a_bold()),
            (.titleProduction, Int32(COLOR_WHITE), Int32(COLOR_RED), shim_a_bold()),
            (.header, Int32(COLOR_BLACK), Int32(COLOR_CYAN), shim_a_normal()),
            (.selected, Int32(COLOR_BLACK), Int32(COLOR_YELLOW), shim_a_normal()),
            (.selectedUnfocused, Int32(COLOR_BLACK), Int32(COLOR_WHITE), shim_a_normal()),
            (.active, Int32(COLOR_GREEN), -1, shim_a_bold()),
            (.inactive, Int32(COLOR_RED), -1, shim_a_bold()),
            (.pending, Int32(COLOR_YELLOW), -1, shim_a_bold()),
            (.marked, Int32(COLOR_MAGENTA), -1, shim_a_bold()),
            (.dim, -1, -1, shim_a_dim()),
            (.info, Int32(COLOR_CYAN), -1, shim_a_normal()),
            (.warning, Int32(COLOR_BLACK), Int32(COLOR_YELLOW), shim_a_normal()),
            (.error, Int32(COLOR_WHITE), Int32(COLOR_RED), shim_a_bold()),
            (.badge, Int32(COLOR_BLACK), Int32(COLOR_YELLOW), shim_a_bold()),
            (.border, Int32(COLOR_CYAN), -1, shim_a_normal()),
            (.button, -1, -1, shim_a_normal()),
            (.buttonFocused, Int32(COLOR_WHITE), Int32(COLOR_BLUE), shim_a_bold()),
            (.danger, Int32(COLOR_RED), -1, shim_a_bold()),
            (.input, -1, -1, shim_a_underline()),
            (.matched, Int32(COLOR_MAGENTA), -1, shim_a_bold() | shim_a_underline()),
            (.live, Int32(COLOR_WHITE), Int32(COLOR_MAGENTA), shim_a_bold()),
        ]
        var theme = Theme()
        for (index, entry) in table.enumerated() {
            let pair = Int16(index + 1)
            init_pair(pair, Int16(entry.1), Int16(entry.2))
            theme.looks[entry.0] = Look(pair: pair, attributes: entry.3)
        }
        return theme
    }

    /// Without colour every distinction is made with attributes (and, in the list, with words).
    static func monochrome() -> Theme {
        let table: [(StyleRole, attr_t)] = [
            (.title, shim_a_reverse() | shim_a_bold()),
            // Attributes cannot tell it from .title well; the title's PRODUCTION badge does.
            (.titleProduction, shim_a_reverse() | shim_a_bold() | shim_a_underline()),
            (.header, shim_a_bold() | shim_a_underline()),
            (.selected, shim_a_reverse()),
            (.selectedUnfocused, shim_a_bold() | shim_a_underline()),
            (.inactive, shim_a_bold()),
            (.pending, shim_a_bold()),
            (.marked, shim_a_bold()),
            (.dim, shim_a_dim()),
            (.warning, shim_a_bold()),
            (.error, shim_a_reverse() | shim_a_bold()),
            (.badge, shim_a_reverse() | shim_a_bold()),
            (.buttonFocused, shim_a_reverse() | shim_a_bold()),
            (.danger, shim_a_bold()),
            (.input, shim_a_underline()),
            (.matched, shim_a_bold() | shim_a_underline()),
            (.live, shim_a_bold()),
        ]
        var theme = Theme()
        for (role, attributes) in table { theme.looks[role] = Look(pair: 0, attributes: attributes) }
        return theme
    }
}
