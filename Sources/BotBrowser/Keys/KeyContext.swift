/// Where keys are looked up. A pane's own context is tried first, then (for the browsing panes) `global`.
public enum KeyContext: String, Sendable, CaseIterable, Hashable {
    case global
    case list
    case detail
    case filter
    case confirm
    case prompt
    case choice
    case secret
    case help
    case log
    /// The `C` pane: what was created since a time.
    case since

    /// Modal contexts take every key themselves, so a stray `q` or `d` never reaches the list behind them.
    public var chain: [KeyContext] {
        switch self {
        case .list, .detail: [self, .global]
        case .global: [.global]
        default: [self]
        }
    }
}
