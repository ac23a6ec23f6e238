#ifndef CNCURSES_SHIM_H
#define CNCURSES_SHIM_H

// SwiftPM drops pkg-config's -D flags; without these the wide-character API is hidden.
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1

#include <locale.h>
#include <wchar.h>
#include <ncursesw/ncurses.h>

// Macros and mutable globals cannot be imported into Swift 6; each is wrapped here.
static inline WINDOW *shim_stdscr(void) { return stdscr; }
static inline int shim_lines(void) { return LINES; }
static inline int shim_cols(void) { return COLS; }
static inline int shim_colors(void) { return COLORS; }

static inline attr_t shim_a_normal(void) { return A_NORMAL; }
static inline attr_t shim_a_bold(void) { return A_BOLD; }
static inline attr_t shim_a_reverse(void) { return A_REVERSE; }
static inline attr_t shim_a_underline(void) { return A_UNDERLINE; }
static inline attr_t shim_a_dim(void) { return A_DIM; }

static inline int shim_key_resize(void) { return KEY_RESIZE; }
static inline int shim_key_code_yes(void) { return KEY_CODE_YES; }

static inline int shim_set_locale(void) { return setlocale(LC_ALL, "") != NULL; }

/// Writes one wide character (with any combining marks) at the cursor with attributes and colour pair.
static inline int shim_put_wide(const wchar_t *chars, attr_t attrs, short pair) {
    cchar_t cell;
    if (setcchar(&cell, chars, attrs, pair, NULL) != OK) return ERR;
    return add_wch(&cell);
}

static inline int shim_get_wch(wint_t *out) { return get_wch(out); }

static inline int shim_wcwidth(wchar_t c) { return wcwidth(c); }

#endif
