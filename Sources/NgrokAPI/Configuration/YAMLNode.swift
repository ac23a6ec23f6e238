internal import CYAML

/// One YAML document as a small tree, read with libyaml: for config files (the agent's `ngrok.yml`),
/// not for round trips.
///
/// What the tree holds:
/// - Aliases are resolved (libyaml's document loader does it), and so are merge keys: `<<: *base`
///   or `<<: [*a, *b]` adds the pairs of those mappings whose keys the mapping does not give itself
///   (with a list, earlier mappings win), where the `<<` stood.
/// - Scalars are their text as written, quotes and escapes removed; tags are not interpreted,
///   except that a plain null (`~`, `null`, `Null`, `NULL`, nothing) and a `!!null` value are `""`.
/// - A mapping keeps its pairs in file order. Its keys are text; a key that is a list or a mapping
///   (`? [a, b]: c`), and a key given twice in one mapping, are errors.
/// - An empty file is `.scalar("")`; a file of more than one document is an error.
public enum YAMLNode: Sendable {
    case scalar(String)
    case sequence([YAMLNode])
    case mapping([(String, YAMLNode)])

    /// The value of `key` when this is a mapping that has it.
    public subscript(key: String) -> YAMLNode? {
        guard case .mapping(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    /// The text, when this is a scalar.
    public var scalar: String? {
        if case .scalar(let text) = self { return text }
        return nil
    }

    /// The pairs, when this is a mapping.
    public var mapping: [(String, YAMLNode)]? {
        if case .mapping(let pairs) = self { return pairs }
        return nil
    }

    /// The items, when this is a sequence.
    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = self { return items }
        return nil
    }
}

extension YAMLNode: Equatable {
    public static func == (lhs: YAMLNode, rhs: YAMLNode) -> Bool {
        switch (lhs, rhs) {
        case (.scalar(let a), .scalar(let b)): a == b
        case (.sequence(let a), .sequence(let b)): a == b
        case (.mapping(let a), .mapping(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }
}

/// Why a text is not a YAML document the tree can hold. `message` is libyaml's own description (or
/// ours), never the text of the line: config files hold secrets.
public struct YAMLError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 1-based.
    public var line: Int
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}

extension YAMLNode {
    /// How deep a document may nest, and how many nodes its aliases may expand to: a config file is
    /// far below both, and a hostile one (an alias of aliases of aliases…) must not exhaust the stack
    /// or the memory.
    static let maxDepth = 64
    static let maxNodes = 100_000

    /// The one document in `text` (an empty text is `.scalar("")`).
    public static func parse(_ text: String) throws(YAMLError) -> YAMLNode {
        try located(text).plain
    }

    /// The same document with the line of every node and key, for messages that point at a line.
    public static func located(_ text: String) throws(YAMLError) -> LocatedYAMLNode {
        var bytes = Array(text.utf8)
        let length = bytes.count
        bytes.append(0) // so that even an empty text has an address
        let result = bytes.withUnsafeBufferPointer { buffer -> Result<LocatedYAMLNode, YAMLError> in
            // On the heap, so that libyaml's structures never move while it holds them.
            let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
            let document = UnsafeMutablePointer<yaml_document_t>.allocate(capacity: 2)
            defer {
                parser.deallocate()
                document.deallocate()
            }
            guard yaml_parser_initialize(parser) == 1 else {
                return .failure(YAMLError(line: 1, message: "out of memory"))
            }
            defer { yaml_parser_delete(parser) }
            yaml_parser_set_input_string(parser, buffer.baseAddress, length)

            guard yaml_parser_load(parser, document) == 1 else {
                return .failure(parserError(parser.pointee, buffer[..<length]))
            }
            defer { yaml_document_delete(document) }
            guard let root = yaml_document_get_root_node(document) else { return .success(LocatedYAMLNode(.scalar(""), line: 1)) }

            var builder = Builder(document: document)
            let tree: LocatedYAMLNode
            do throws(YAMLError) {
                tree = try builder.node(root, depth: 0)
            } catch {
                return .failure(error)
            }

            // Anything after the document: a second one, or an error further down.
            let next = document + 1
            guard yaml_parser_load(parser, next) == 1 else {
                return .failure(parserError(parser.pointee, buffer[..<length]))
            }
            defer { yaml_document_delete(next) }
            if let second = yaml_document_get_root_node(next) {
                return .failure(YAMLError(line: line(of: second), message: "more than one YAML document"))
            }
            return .success(tree)
        }
        return try result.get()
    }

    /// 1-based, where the node starts.
    static func line(of node: UnsafePointer<yaml_node_t>) -> Int { Int(node.pointee.start_mark.line) + 1 }

    /// libyaml's error, on the line it names.
    static func parserError(_ parser: yaml_parser_t, _ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> YAMLError {
        if parser.error == YAML_MEMORY_ERROR { return YAMLError(line: 1, message: "out of memory") }
        var message = parser.problem.map { String(cString: $0) } ?? "not YAML"
        let line: Int
        if parser.error == YAML_READER_ERROR {
            // The reader (encoding, control characters) gives a byte offset, not a line.
            line = lineNumber(atOffset: parser.problem_offset, in: bytes)
        } else {
            line = Int(parser.problem_mark.line) + 1
            if message == "found character that cannot start any token",
               character(atLine: parser.problem_mark.line, column: parser.problem_mark.column, in: bytes) == "\t" {
                // libyaml's words and context say nothing of the tab a user cannot see.
                return YAMLError(line: line, message: "a tab where YAML allows only spaces")
            }
        }
        if let context = parser.context {
            let contextLine = Int(parser.context_mark.line) + 1
            message += " (\(String(cString: context))"
            message += contextLine == line ? ")" : ", from line \(contextLine))"
        }
        return YAMLError(line: line, message: message)
    }

    /// 1-based: the line breaks before `offset`, counted as libyaml counts them (CR LF is one).
    static func lineNumber(atOffset offset: Int, in bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Int {
        var line = 1
        var previous: UInt8 = 0
        for byte in bytes.prefix(offset) {
            if byte == 0x0A && previous != 0x0D || byte == 0x0D { line += 1 }
            previous = byte
        }
        return line
    }

    /// The character at a libyaml mark (0-based line and column in characters), if it is there.
    static func character(atLine line: Int, column: Int, in bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Unicode.Scalar? {
        let text = String(decoding: bytes, as: UTF8.self)
        var currentLine = 0
        var currentColumn = 0
        var afterCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" && afterCR {
                afterCR = false
                continue
            }
            afterCR = scalar == "\r"
            if currentLine == line {
                if currentColumn == column { return scalar }
                currentColumn += 1
            }
            if ["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"].contains(scalar) {
                if currentLine == line { return nil }
                currentLine += 1
            }
        }
        return nil
    }

    /// Turns the loaded document's nodes into the tree, resolving merge keys.
    struct Builder {
        let document: UnsafeMutablePointer<yaml_document_t>
        var made = 0
        /// The nodes being built, outermost first: an alias to one of them would never end.
        var open: Set<UnsafeMutablePointer<yaml_node_t>> = []

        init(document: UnsafeMutablePointer<yaml_document_t>) {
            self.document = document
        }

        func node(at index: Int32) -> UnsafeMutablePointer<yaml_node_t>? {
            yaml_document_get_node(document, index)
        }

        mutating func node(_ node: UnsafeMutablePointer<yaml_node_t>, depth: Int) throws(YAMLError) -> LocatedYAMLNode {
            made += 1
            guard made <= YAMLNode.maxNodes else {
                throw YAMLError(line: YAMLNode.line(of: node), message: "aliases that expand to more than \(YAMLNode.maxNodes) nodes")
            }
            guard depth < YAMLNode.maxDepth else {
                throw YAMLError(line: YAMLNode.line(of: node), message: "nested more than \(YAMLNode.maxDepth) levels deep")
            }
            guard open.insert(node).inserted else {
                throw YAMLError(line: YAMLNode.line(of: node), message: "an alias to a node that contains it")
            }
            defer { open.remove(node) }
            let line = YAMLNode.line(of: node)
            switch node.pointee.type {
            case YAML_SCALAR_NODE:
                return LocatedYAMLNode(.scalar(Self.text(node)), line: line)
            case YAML_SEQUENCE_NODE:
                var items: [LocatedYAMLNode] = []
                var item = node.pointee.data.sequence.items.start
                while let current = item, current != node.pointee.data.sequence.items.top {
                    guard let child = self.node(at: current.pointee) else { break }
                    items.append(try self.node(child, depth: depth + 1))
                    item = current + 1
                }
                return LocatedYAMLNode(.sequence(items), line: line)
            case YAML_MAPPING_NODE:
                return LocatedYAMLNode(.mapping(try mapping(node, depth: depth)), line: line)
            default:
                return LocatedYAMLNode(.scalar(""), line: line)
            }
        }

        mutating func mapping(_ node: UnsafeMutablePointer<yaml_node_t>, depth: Int) throws(YAMLError) -> [LocatedYAMLNode.Pair] {
            var entries: [(key: UnsafeMutablePointer<yaml_node_t>, value: UnsafeMutablePointer<yaml_node_t>)] = []
            var pair = node.pointee.data.mapping.pairs.start
            while let current = pair, current != node.pointee.data.mapping.pairs.top {
                if let key = self.node(at: current.pointee.key), let value = self.node(at: current.pointee.value) {
                    entries.append((key, value))
                }
                pair = current + 1
            }
            // The mapping's own keys first: they win over every merged one, wherever they stand.
            var own: Set<String> = []
            for entry in entries where !Self.isMergeKey(entry.key) {
                guard entry.key.pointee.type == YAML_SCALAR_NODE else {
                    throw YAMLError(line: YAMLNode.line(of: entry.key), message: "a mapping key that is a list or a mapping")
                }
                guard own.insert(Self.text(entry.key)).inserted else {
                    throw YAMLError(line: YAMLNode.line(of: entry.key), message: "a key given twice in one mapping")
                }
            }
            var pairs: [LocatedYAMLNode.Pair] = []
            var merged: Set<String> = []
            for entry in entries {
                guard Self.isMergeKey(entry.key) else {
                    pairs.append(LocatedYAMLNode.Pair(key: Self.text(entry.key), keyLine: YAMLNode.line(of: entry.key),
                                                      value: try self.node(entry.value, depth: depth + 1)))
                    continue
                }
                let sources: [[LocatedYAMLNode.Pair]]
                switch try self.node(entry.value, depth: depth + 1).value {
                case .mapping(let source):
                    sources = [source]
                case .sequence(let items):
                    var mappings: [[LocatedYAMLNode.Pair]] = []
                    for item in items {
                        guard case .mapping(let source) = item.value else {
                            throw YAMLError(line: YAMLNode.line(of: entry.key), message: "a merge key (<<) whose list holds something other than mappings")
                        }
                        mappings.append(source)
                    }
                    sources = mappings
                case .scalar:
                    throw YAMLError(line: YAMLNode.line(of: entry.key), message: "a merge key (<<) whose value is not a mapping or a list of mappings")
                }
                for source in sources {
                    for pair in source where !own.contains(pair.key) && merged.insert(pair.key).inserted {
                        pairs.append(pair)
                    }
                }
            }
            return pairs
        }

        /// `<<` written plain (a quoted "<<" is an ordinary key), or any key tagged `!!merge`.
        static func isMergeKey(_ node: UnsafeMutablePointer<yaml_node_t>) -> Bool {
            guard node.pointee.type == YAML_SCALAR_NODE else { return false }
            if tag(node) == "tag:yaml.org,2002:merge" { return true }
            return node.pointee.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && rawText(node) == "<<"
        }

        static func tag(_ node: UnsafeMutablePointer<yaml_node_t>) -> String? {
            node.pointee.tag.map { String(cString: $0) }
        }

        static func rawText(_ node: UnsafeMutablePointer<yaml_node_t>) -> String {
            let scalar = node.pointee.data.scalar
            guard let value = scalar.value else { return "" }
            return String(decoding: UnsafeBufferPointer(start: value, count: scalar.length), as: UTF8.self)
        }

        /// A scalar's text, with a null as "".
        static func text(_ node: UnsafeMutablePointer<yaml_node_t>) -> String {
            let raw = rawText(node)
            if tag(node) == "tag:yaml.org,2002:null" { return "" }
            if node.pointee.data.scalar.style == YAML_PLAIN_SCALAR_STYLE, ["~", "null", "Null", "NULL"].contains(raw) {
                return ""
            }
            return raw
        }
    }
}
