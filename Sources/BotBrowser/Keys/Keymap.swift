/// The keys in force: for each context, which key runs which command.
public struct Keymap: Sendable, Equatable {
    public private(set) var table: [KeyContext: [KeyName: Command]] = [:]

    public init(bindings: [KeyBinding]) {
        for binding in bindings {
            for key in binding.keys { bind(key, to: binding.command, in: binding.context) }
        }
    }

    public static let defaults = Keymap(bindings: KeyBindings.defaults)

    public mutating func bind(_ key: KeyName, to command: Command, in context: KeyContext) {
        table[context, default: [:]][key] = command
    }

    public mutating func unbind(_ key: KeyName, in context: KeyContext) {
        table[context]?[key] = nil
    }

    /// The command `key` runs in `context`, looking through the context's chain.
    public func command(for key: KeyName, in context: KeyContext) -> Command? {
        for step in context.chain {
            if let command = table[step]?[key] { return command }
        }
        return nil
    }

    /// The keys that run `command` from `context` (its own bindings first), in a stable order.
    public func keys(for command: Command, in context: KeyContext) -> [KeyName] {
        var result: [KeyName] = []
        for step in context.chain {
            let keys = (table[step] ?? [:]).filter { $0.value == command }.map(\.key)
            // A key shadowed by an earlier context in the chain does not reach this command.
            let registryOrder = Self.registryOrder[step]?[command] ?? []
            result += keys.filter { self.command(for: $0, in: context) == command }.sorted { a, b in
                // The registry's order first (Enter before l), then short keys before named ones.
                let (ia, ib) = (registryOrder.firstIndex(of: a) ?? Int.max, registryOrder.firstIndex(of: b) ?? Int.max)
                return ia != ib ? ia < ib : Self.displayOrder(a, b)
            }
        }
        return result
    }

    /// The order keys are listed in the registry, per context and command.
    static let registryOrder: [KeyContext: [Command: [KeyName]]] = {
        var order: [KeyContext: [Command: [KeyName]]] = [:]
        for binding in KeyBindings.defaults { order[binding.context, default: [:]][binding.command, default: []] += binding.keys }
        return order
    }()

    /// Short keys before named ones, so hints read `a` rather than `<F5>`.
    static func displayOrder(_ a: KeyName, _ b: KeyName) -> Bool {
        let (la, lb) = (a.rawValue.count == 1, b.rawValue.count == 1)
        if la != lb { return la }
        return a < b
    }

    /// `quit` and `help` must stay reachable from the browser whatever a user's file says.
    /// Gives back the default keys where needed, and says so.
    public mutating func restoreEssentials() -> [String] {
        var notes: [String] = []
        for command in [Command.quit, .help] where keys(for: command, in: .list).isEmpty {
            let fallback = Keymap.defaults.keys(for: command, in: .global) + [KeyName.special("F10")]
            if let key = fallback.first(where: { self.command(for: $0, in: .list) == nil })
                ?? fallback.first {
                for context in [KeyContext.list, .detail] where table[context]?[key] != nil { unbind(key, in: context) }
                bind(key, to: command, in: .global)
                notes.append("keymap: \(command.rawValue) had no key left; bound to \(key.display)")
            }
        }
        return notes
    }
}
