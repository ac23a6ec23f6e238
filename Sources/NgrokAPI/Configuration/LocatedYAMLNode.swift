/// A `YAMLNode` that remembers the line each node and each mapping key started on (1-based), read by
/// the same libyaml loader (`YAMLNode.located`): a config file's checker must point at the line
/// of every mistake, not just the first one libyaml trips on.
public struct LocatedYAMLNode: Sendable {
    public enum Value: Sendable {
        case scalar(String)
        case sequence([LocatedYAMLNode])
        case mapping([Pair])
    }

    public struct Pair: Sendable {
        public var key: String
        public var keyLine: Int
        public var value: LocatedYAMLNode
    }

    public var value: Value
    public var line: Int

    public init(_ value: Value, line: Int) {
        self.value = value
        self.line = line
    }

    /// The text, when this is a scalar.
    public var scalar: String? {
        if case .scalar(let text) = value { return text }
        return nil
    }

    /// The pairs, when this is a mapping.
    public var pairs: [Pair]? {
        if case .mapping(let pairs) = value { return pairs }
        return nil
    }

    /// The tree without lines.
    public var plain: YAMLNode {
        switch value {
        case .scalar(let text): .scalar(text)
        case .sequence(let items): .sequence(items.map(\.plain))
        case .mapping(let pairs): .mapping(pairs.map { ($0.key, $0.value.plain) })
        }
    }
}
