/// How the program was started: where it is connected, how it may act, how it draws and which
/// keys do what. Set at launch; the reducer reads it.
public struct Settings: Sendable, Equatable {
    public var apiHost: String
    public var readOnly: Bool
    public var isDemo: Bool
    public var display: DisplayOptions
    public var keymap: Keymap
    /// Where the API key came from ("the environment variable NGROK_API_KEY", "--api-key-file PATH"):
    /// what a refused key's message names.
    public var keySource: String?
    /// The config.yml profile in use (shown in the title), and whether it is marked production.
    public var profileName: String?
    public var isProduction = false

    public init(apiHost: String, readOnly: Bool, isDemo: Bool, display: DisplayOptions, keymap: Keymap) {
        self.apiHost = apiHost
        self.readOnly = readOnly
        self.isDemo = isDemo
        self.display = display
        self.keymap = keymap
    }
}

/// How to draw: colour or not, Unicode or plain ASCII.
public struct DisplayOptions: Sendable, Equatable {
    public var color: Bool
    public var ascii: Bool
    /// The terminal cannot show anything but ASCII (its locale is not UTF-8): every other
    /// character is drawn as `?`, one per column it would take, so columns stay aligned.
    public var asciiText: Bool

    public init(color: Bool = true, ascii: Bool = false, asciiText: Bool = false) {
        self.color = color
        self.ascii = ascii || asciiText
        self.asciiText = asciiText
    }
}
