import NgrokAPI

/// One pane on screen: the list or the detail underneath, or a layer opened over it (`PaneStack`).
public enum Pane: Sendable, Equatable {
    case list
    case detail
    case filter
    case confirm(ConfirmDialog)
    case prompt(TextPrompt)
    case choice(ChoiceMenu)
    case secret(SecretDisplay)
    case help(HelpScreen)
    case log(scroll: Int)
    /// What was created since a time (`C`).
    case since(SincePane)

    /// Dialogs: they take every key, and ignore the ones typed before they could be read.
    public var isDialog: Bool {
        switch self {
        case .confirm, .prompt, .choice, .secret: true
        case .list, .detail, .filter, .help, .log, .since: false
        }
    }

    public var context: KeyContext {
        switch self {
        case .list: .list
        case .detail: .detail
        case .filter: .filter
        case .confirm: .confirm
        case .prompt: .prompt
        case .choice: .choice
        case .secret: .secret
        case .help: .help
        case .log: .log
        case .since: .since
        }
    }
}

/// A bot as it was when an action was chosen: the id is what the action applies to, the name is
/// for messages. Captured when a dialog opens and never re-read from the cursor.
public struct BotRef: Sendable, Equatable, Hashable {
    public var id: String
    public var name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }

    public init(_ bot: BotUser) {
        self.init(id: bot.id, name: bot.name)
    }
}

public struct CredentialRef: Sendable, Equatable, Hashable {
    public var id: String
    public var kind: CredentialKind
    public var description: String
    public var owner: BotRef

    public init(id: String, kind: CredentialKind, description: String, owner: BotRef) {
        self.id = id
        self.kind = kind
        self.description = description
        self.owner = owner
    }
}

/// A question that must be answered before anything changes.
public struct ConfirmDialog: Sendable, Equatable {
    public enum Focus: Sendable, Equatable {
        case confirm
        case cancel
    }

    /// What happens on yes: targets captured by id when the dialog opened, never re-read from the
    /// cursor (one bot, or each of the marked ones).
    public var mutations: [Mutation]
    public var title: String
    public var lines: [String]
    public var confirmLabel: String
    public var focus: Focus
    /// What must be typed before confirming (the bot's name, or `delete`); nil when `y` is enough.
    public var requiredText: String?
    public var typed: String = ""
    /// Drawn with the danger border: it takes something away.
    public var isDangerous: Bool { mutations.contains(where: \.isDestructive) }
    /// First body line shown, for a list of bots longer than the screen.
    public var scroll = 0
    /// A deactivate or delete that also offers to stop the bot's live sessions (`State/Sessions.swift`).
    public var sessionsOffer: SessionStopOffer?
    /// A bot's id, accepted as well as its name: a name with invisible characters (shown as
    /// `‹U+200B›`) cannot be typed as it is shown.
    public var requiredID: String?
    /// A delete dialog's question to the server about what the bot owns, while it is open.
    public var ownedCheck: OwnedCheck?

    /// What the typed confirmation asks for, in a message: the bot's name, or (a change to the key
    /// in use, with no bot to name) the word itself.
    public var whatToType: String {
        guard requiredID == nil, let requiredText else { return "the bot's name (or the word \(typedVerb))" }
        return "the word \(requiredText)"
    }

    /// The word that confirms instead of the bot's name: the dialog's own verb (`delete`,
    /// `deactivate`), so no one types "delete" to deactivate.
    public var typedVerb: String { confirmLabel.lowercased() }

    /// Whether the confirm button may be pressed now.
    public var canConfirm: Bool {
        guard let requiredText else { return true }
        return typed == requiredText || typed == typedVerb || (requiredID != nil && typed == requiredID)
    }
}

/// A one-line text field for a name, a description or a public key.
public struct TextPrompt: Sendable, Equatable {
    public enum Purpose: Sendable, Equatable {
        case createBot
        case renameBot(BotRef)
        case createCredential(CredentialKind, owner: BotRef)
        /// The time for the `C` pane; the bot selected then is the one under investigation.
        case createdSince(investigating: BotRef?)
    }

    public var purpose: Purpose
    public var title: String
    public var label: String
    public var text: String
    public var error: String?
}

/// A short menu (the kind of credential to create).
public struct ChoiceMenu: Sendable, Equatable {
    public var owner: BotRef
    public var title: String
}

/// A newly created secret, shown once. It lives only in this pane: closing the pane forgets it.
public struct SecretDisplay: Sendable, Equatable {
    public var credentialID: String
    public var kind: CredentialKind
    public var owner: BotRef
    public var secret: String
    /// Copied to the clipboard; until then closing asks once more.
    public var copied = false
    public var warnedNotCopied = false

    public init(credentialID: String, kind: CredentialKind, owner: BotRef, secret: String) {
        self.credentialID = credentialID
        self.kind = kind
        self.owner = owner
        self.secret = secret
    }
}

public struct HelpScreen: Sendable, Equatable {
    /// The context whose keys are listed (where `?` was pressed).
    public var context: KeyContext
    public var scroll: Int

    public init(context: KeyContext, scroll: Int = 0) {
        self.context = context
        self.scroll = scroll
    }
}
