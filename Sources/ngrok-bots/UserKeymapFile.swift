import BotBrowser
import Essentials
import NgrokAPI

/// The user's key bindings: `--keymap PATH`, else `$XDG_CONFIG_HOME/ngrok-bots/keymap.conf` when
/// there is one. Its problems name the file by its real path and line, for the `!` log and for
/// `config check`, which read the same file the same way.
struct UserKeymapFile {
    var path: String
    /// Named with `--keymap`: then a missing or unreadable file is a usage error, not a note.
    var named: Bool

    init(option: String?, environment: [String: String]) {
        path = option ?? UserDirectories(environment: environment).configHome + "/ngrok-bots/keymap.conf"
        named = option != nil
    }

    struct Loaded {
        var keymap = Keymap.defaults
        /// `PATH:LINE: message`, one per bad line; the rest of the file still applies.
        var errors: [String] = []
        /// Essentials (quit, help) bound again because the file left them no key.
        var notes: [String] = []
        var exists = false
    }

    /// A file named with `--keymap` that cannot be read is an error message; the default file,
    /// missing, is no file.
    func load() -> Result<Loaded, KeymapFileError> {
        var loaded = Loaded()
        if FileManager.default.fileExists(atPath: path) {
            loaded.exists = true
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                if named { return .failure(KeymapFileError(message: "cannot read the keymap file \(path)")) }
                loaded.errors.append("\(path): cannot be read")
                return .success(loaded)
            }
            let result = KeymapFile.apply(text, over: loaded.keymap, fileName: path)
            loaded.keymap = result.keymap
            loaded.errors = result.errors
        } else if named {
            return .failure(KeymapFileError(message: "keymap file not found: \(path)"))
        }
        loaded.notes = loaded.keymap.restoreEssentials()
        return .success(loaded)
    }
}

struct KeymapFileError: Error {
    var message: String
}
