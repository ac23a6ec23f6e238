import NgrokAPI

/// The delete dialog's own question to the server: the bot's credentials of each kind, asked when
/// it opens. Until every kind is answered the dialog says "checking…" and the name must be typed;
/// only the server's answer, just given, that the bot owns nothing lets a plain `y` delete it.
public struct OwnedCheck: Sendable, Equatable {
    public var bot: BotRef
    /// The kinds the server has answered (complete lists) since the dialog opened.
    public var answered: Set<CredentialKind> = []

    public init(bot: BotRef) {
        self.bot = bot
    }

    public var isComplete: Bool { answered.count == CredentialKind.allCases.count }
}
