#ifndef CNCURSES_SHIM_H
#define CNCURSES_SHIM_H

// SwiftPM drops pkg-config's -D flags; without these the wide-character API is hidden.
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1

#include <locale.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>
#include <ncursesw/ncurses.h>

// Macros and mutable globals cannot be imported into Swift 6; each is wrapped here.
static inline WINDOW *shim_stdscr(void) { return stdscr; }
static inline int shim_lines(void) { return LINES; }
static inline int shim_cols(void) { return COLS; }

static inline attr_t shim_a_normal(void) { return A_NORMAL; }
static inline attr_t shim_a_bold(void) { return A_BOLD; }
static inline attr_t shim_a_reverse(void) { return A_REVERSE; }
static inline attr_t shim_a_underline(void) { return A_UNDERLINE; }
static inline attr_t shim_a_dim(void) { return A_DIM; }

static inline int shim_key_resize(void) { return KEY_RESIZE; }
static inline int shim_key_code_yes(void) { return KEY_CODE_YES; }

static inline int shim_set_locale(void) { return setlocale(LC_ALL, "") != NULL; }

// A full load frees the decoded pages and the ids it counted; glibc keeps that memory resident
// until asked to give it back. Elsewhere there is nothing to do.
#if defined(__GLIBC__)
#include <malloc.h>
static inline void shim_release_free_memory(void) { malloc_trim(0); }
#else
static inline void shim_release_free_memory(void) {}
#endif

/// Writes one wide character (with any combining marks) at the cursor with attributes and colour pair.
static inline int shim_put_wide(const wchar_t *chars, attr_t attrs, short pair) {
    cchar_t cell;
    if (setcchar(&cell, chars, attrs, pair, NULL) != OK) return ERR;
    return add_wch(&cell);
}

static inline int shim_get_wch(wint_t *out) { return get_wch(out); }

// Bracketed paste: the terminal wraps pasted text in ESC[200~ … ESC[201~. ncurses is taught the
// two markers as keys of their own (codes above KEY_MAX), so pasted text is never read as commands.
static inline int shim_key_paste_start(void) { return KEY_MAX + 1; }
static inline int shim_key_paste_end(void) { return KEY_MAX + 2; }

// Home and End as terminals and tmux send them whatever TERM's entry says (xterm's ESC[H and
// ESC[F, the VT220 ESC[1~ and ESC[4~, rxvt's ESC[7~ and ESC[8~): all mean the same two keys.
static inline void shim_define_home_and_end(void) {
    static const char *const home[] = { "\033[H", "\033[1~", "\033[7~", "\033OH" };
    static const char *const end[] = { "\033[F", "\033[4~", "\033[8~", "\033OF" };
    for (unsigned i = 0; i < sizeof home / sizeof home[0]; i++) {
        if (key_defined(home[i]) == 0) define_key(home[i], KEY_HOME);
        if (key_defined(end[i]) == 0) define_key(end[i], KEY_END);
    }
}

static inline void shim_enable_bracketed_paste(void) {
    define_key("\033[200~", KEY_MAX + 1);
    define_key("\033[201~", KEY_MAX + 2);
    static const char on[] = "\033[?2004h";
    ssize_t ignored = write(STDOUT_FILENO, on, sizeof on - 1);
    (void)ignored;
}

static inline void shim_disable_bracketed_paste(void) {
    static const char off[] = "\033[?2004l";
    ssize_t ignored = write(STDOUT_FILENO, off, sizeof off - 1);
    (void)ignored;
}

/// Writes bytes straight to the terminal (an OSC 52 clipboard sequence), after ncurses' own output.
static inline void shim_write_terminal(const char *bytes, size_t count) {
    while (count > 0) {
        ssize_t written = write(STDOUT_FILENO, bytes, count);
        if (written <= 0) return;
        bytes += written;
        count -= (size_t)written;
    }
}


// If the program crashes (a Swift trap is SIGILL or SIGTRAP), put the terminal back before dying:
// leave the alternate screen, show the cursor and restore the line settings saved at start-up.
// Then hand the signal to whoever handled it before (the Swift runtime's backtracer), so its crash
// report is printed too, on the restored screen below the shell prompt instead of over the UI.
// Only async-signal-safe calls (write, tcsetattr, sigaction, raise) are made here.
// Function-local statics: a header's file-scope globals are not emitted when Swift imports it.
static inline struct termios *shim_saved_termios(void) { static struct termios saved; return &saved; }
static inline int *shim_has_saved_termios(void) { static int has; return &has; }
static inline struct sigaction *shim_previous_actions(void) { static struct sigaction previous[NSIG]; return previous; }

static inline void shim_crash_handler(int sig, siginfo_t *info, void *context) {
    static const char reset[] = "\033[0m\033[?2004l\033[?1049l\033[?25h\r\n";
    if (*shim_has_saved_termios()) tcsetattr(STDIN_FILENO, TCSANOW, shim_saved_termios());
    ssize_t ignored = write(STDOUT_FILENO, reset, sizeof reset - 1);
    (void)ignored;
    struct sigaction previous = shim_previous_actions()[sig];
    sigaction(sig, &previous, NULL);
    if ((previous.sa_flags & SA_SIGINFO) && previous.sa_sigaction) {
        previous.sa_sigaction(sig, info, context);
    } else if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN) {
        previous.sa_handler(sig);
    }
    // If the previous handler returned (or there was none), die of the signal as usual.
    signal(sig, SIG_DFL);
    raise(sig);
}

static inline void shim_install_crash_restore(void) {
    if (tcgetattr(STDIN_FILENO, shim_saved_termios()) == 0) *shim_has_saved_termios() = 1;
    int signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT };
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = shim_crash_handler;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        sigaction(signals[i], &action, &shim_previous_actions()[signals[i]]);
    }
}

#endif
