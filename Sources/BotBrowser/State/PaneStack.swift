/// What is on screen: the bot list or one bot's detail underneath, and whatever was opened over
/// it (the filter, help, the event log, dialogs), newest last. More than one layer can be open:
/// a result that arrives while a dialog or the filter is open (a new secret, a create that
/// failed) opens its dialog over it.
public struct PaneStack: Sendable, Equatable {
    /// The pane underneath every layer: `.list` or `.detail`.
    public private(set) var base: Pane = .list
    public private(set) var layers: [Pane] = []

    public init() {}

    public var top: Pane { layers.last ?? base }
    public var isDetailOpen: Bool { base == .detail }
    /// How many panes are open, the list included.
    public var count: Int { (isDetailOpen ? 2 : 1) + layers.count }

    /// Opens the selected bot's detail over the list.
    public mutating func openDetail() {
        base = .detail
    }

    /// Back to the list: the bot the detail showed is gone. The layers over it stay.
    public mutating func closeDetail() {
        base = .list
    }

    /// Opens a layer (the filter, help, the event log or a dialog) over everything.
    public mutating func push(_ layer: Pane) {
        precondition(layer != .list && layer != .detail, "the list and the detail are the base, not layers")
        layers.append(layer)
    }

    /// Closes the pane on top: the newest layer, or else the detail (the list stays).
    public mutating func pop() {
        if layers.popLast() == nil { base = .list }
    }

    /// A layer under the top one changed (an answer for a pane a dialog has since covered).
    public mutating func replaceLayer(at index: Int, with layer: Pane) {
        precondition(layer != .list && layer != .detail, "the list and the detail are the base, not layers")
        layers[index] = layer
    }

    /// The layer on top, changed (a prompt's text, a dialog's focus, a scroll position).
    public mutating func replaceTop(_ layer: Pane) {
        precondition(!layers.isEmpty, "only a layer is replaced")
        layers[layers.count - 1] = layer
    }
}
