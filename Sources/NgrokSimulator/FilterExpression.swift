import Essentials
import NgrokAPI

/// The subset of CEL that ngrok's list endpoints take in `filter=` ("API Filtering"):
/// `== != < <= > >=`, `&& || !`, parentheses, `in [...]`, `.contains()`, `.startsWith()`,
/// `.endsWith()` (not on high-entropy fields such as ids), `size()`, `timestamp("…")`, on the
/// fields each resource lets be filtered. Anything else is refused, as the API refuses it with 400.
indirect enum FilterExpression: Sendable, Equatable {
    case field(String)
    case literal(FilterValue)
    case list([FilterExpression])
    case not(FilterExpression)
    case and(FilterExpression, FilterExpression)
    case or(FilterExpression, FilterExpression)
    case compare(String, FilterExpression, FilterExpression)
    case member(FilterExpression, FilterExpression)
    case method(String, field: String, FilterExpression)
    case size(FilterExpression)

    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    /// Fields that hold ids: searching inside them is refused, only whole values are compared.
    static let highEntropyFields: Set<String> = ["id", "owner_id", "credential.id"]

    /// Parses `text`, allowing only `fields`.
    static func parse(_ text: String, fields: Set<String>) throws -> FilterExpression {
        var parser = Parser(tokens: try tokenize(text), fields: fields)
        let expression = try parser.orExpression()
        guard parser.atEnd else { throw Invalid(description: "unexpected \(parser.peekDescription)") }
        return expression
    }

    /// Whether the object whose fields `record` gives passes; a type error (a timestamp compared with a number) is an invalid filter.
    func matches(_ record: (String) -> FilterValue) throws -> Bool {
        guard case .bool(let result) = try evaluate(record) else { throw Invalid(description: "the filter is not a condition") }
        return result
    }

    private func evaluate(_ record: (String) -> FilterValue) throws -> FilterValue {
        switch self {
        case .field(let name):
            return record(name)
        case .literal(let value):
            return value
        case .list(let items):
            return .list(try items.map { try $0.evaluate(record) })
        case .not(let inner):
            return .bool(!(try inner.matches(record)))
        case .and(let a, let b):
            return .bool(try a.matches(record) && b.matches(record))
        case .or(let a, let b):
            return .bool(try a.matches(record) || b.matches(record))
        case .compare(let op, let a, let b):
            return .bool(try FilterValue.compare(op, a.evaluate(record), b.evaluate(record)))
        case .member(let item, let list):
            guard case .list(let items) = try list.evaluate(record) else { throw Invalid(description: "'in' needs a list") }
            let value = try item.evaluate(record)
            return .bool(items.contains(value))
        case .method(let name, let field, let argument):
            guard case .string(let text) = record(field), case .string(let needle) = try argument.evaluate(record) else {
                throw Invalid(description: "\(name)() takes a string field and a string")
            }
            switch name {
            case "contains": return .bool(text.contains(needle))
            case "startsWith": return .bool(text.hasPrefix(needle))
            default: return .bool(text.hasSuffix(needle))
            }
        case .size(let inner):
            switch try inner.evaluate(record) {
            case .string(let text): return .number(Double(text.count))
            case .list(let items): return .number(Double(items.count))
            default: throw Invalid(description: "size() takes a string or a list")
            }
        }
    }
}

/// A value a filter compares.
enum FilterValue: Sendable, Equatable {
    case string(String)
    case number(Double)
    case time(Date)
    case bool(Bool)
    case list([FilterValue])

    static func compare(_ op: String, _ a: FilterValue, _ b: FilterValue) throws -> Bool {
        if op == "==" { return try same(a, b) }
        if op == "!=" { return try !same(a, b) }
        let order: Bool
        switch (a, b) {
        case let (.string(x), .string(y)): order = op.hasPrefix("<") ? x < y : x > y
        case let (.number(x), .number(y)): order = op.hasPrefix("<") ? x < y : x > y
        case let (.time(x), .time(y)): order = op.hasPrefix("<") ? x < y : x > y
        default: throw FilterExpression.Invalid(description: "cannot order these values")
        }
        if order { return true }
        return op.hasSuffix("=") ? try same(a, b) : false
    }

    private static func same(_ a: FilterValue, _ b: FilterValue) throws -> Bool {
        switch (a, b) {
        case (.string, .string), (.number, .number), (.time, .time), (.bool, .bool), (.list, .list): return a == b
        default: throw FilterExpression.Invalid(description: "cannot compare values of different types")
        }
    }
}

// MARK: Tokens and grammar

private enum Token: Equatable {
    case identifier(String)
    case string(String)
    case number(Double)
    case symbol(String)
}

private func tokenize(_ text: String) throws -> [Token] {
    var tokens: [Token] = []
    let chars = Array(text)
    var i = 0
    while i < chars.count {
        let c = chars[i]
        if c.isWhitespace { i += 1; continue }
        if c == "\"" || c == "'" {
            var value = ""
            i += 1
            while i < chars.count, chars[i] != c {
                if chars[i] == "\\", i + 1 < chars.count { i += 1 }
                value.append(chars[i])
                i += 1
            }
            guard i < chars.count else { throw FilterExpression.Invalid(description: "unterminated string") }
            tokens.append(.string(value))
            i += 1
        } else if c.isLetter || c == "_" {
            var name = ""
            while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" { name.append(chars[i]); i += 1 }
            tokens.append(.identifier(name))
        } else if c.isNumber {
            var digits = ""
            while i < chars.count, chars[i].isNumber || chars[i] == "." { digits.append(chars[i]); i += 1 }
            guard let number = Double(digits) else { throw FilterExpression.Invalid(description: "bad number \(digits)") }
            tokens.append(.number(number))
        } else {
            let two = i + 1 < chars.count ? String(chars[i...i + 1]) : ""
            if ["==", "!=", "<=", ">=", "&&", "||"].contains(two) {
                tokens.append(.symbol(two))
                i += 2
            } else if "<>!().,[]".contains(c) {
                tokens.append(.symbol(String(c)))
                i += 1
            } else {
                throw FilterExpression.Invalid(description: "unexpected character \(c)")
            }
        }
    }
    return tokens
}

private struct Parser {
    var tokens: [Token]
    var fields: Set<String>
    var position = 0

    var atEnd: Bool { position >= tokens.count }
    var peekDescription: String { atEnd ? "end" : "\(tokens[position])" }

    private func peek(_ symbol: String) -> Bool { !atEnd && tokens[position] == .symbol(symbol) }

    private mutating func take(_ symbol: String) -> Bool {
        guard peek(symbol) else { return false }
        position += 1
        return true
    }

    private mutating func expect(_ symbol: String) throws {
        guard take(symbol) else { throw FilterExpression.Invalid(description: "expected \(symbol), found \(peekDescription)") }
    }

    mutating func orExpression() throws -> FilterExpression {
        var left = try andExpression()
        while take("||") { left = .or(left, try andExpression()) }
        return left
    }

    private mutating func andExpression() throws -> FilterExpression {
        var left = try unary()
        while take("&&") { left = .and(left, try unary()) }
        return left
    }

    private mutating func unary() throws -> FilterExpression {
        if take("!") { return .not(try unary()) }
        let left = try operand()
        for op in ["==", "!=", "<=", ">=", "<", ">"] where take(op) {
            return .compare(op, left, try operand())
        }
        if !atEnd, tokens[position] == .identifier("in") {
            position += 1
            return .member(left, try operand())
        }
        return left
    }

    private mutating func operand() throws -> FilterExpression {
        guard !atEnd else { throw FilterExpression.Invalid(description: "unexpected end") }
        let token = tokens[position]
        position += 1
        switch token {
        case .string(let value): return .literal(.string(value))
        case .number(let value): return .literal(.number(value))
        case .symbol("("):
            let inner = try orExpression()
            try expect(")")
            return inner
        case .symbol("["):
            var items: [FilterExpression] = []
            if !take("]") {
                repeat { items.append(try operand()) } while take(",")
                try expect("]")
            }
            return .list(items)
        case .identifier("true"): return .literal(.bool(true))
        case .identifier("false"): return .literal(.bool(false))
        case .identifier("timestamp"):
            try expect("(")
            guard !atEnd, case .string(let text) = tokens[position], let date = APIJSON.parseTimestamp(text) else {
                throw FilterExpression.Invalid(description: "timestamp() takes an RFC 3339 string")
            }
            position += 1
            try expect(")")
            return .literal(.time(date))
        case .identifier("size"):
            try expect("(")
            let inner = try operand()
            try expect(")")
            return .size(inner)
        case .identifier("obj"):
            try expect(".")
            guard !atEnd, case .identifier(var name) = tokens[position],
                  fields.contains(name) || fields.contains(where: { $0.hasPrefix(name + ".") }) else {
                throw FilterExpression.Invalid(description: "\(peekDescription) is not a filterable field here")
            }
            position += 1
            // A field of a referenced object (`obj.credential.id`): a dot, a name, and no call.
            if peek("."), position + 1 < tokens.count, case .identifier(let member) = tokens[position + 1],
               fields.contains(name + "." + member), !(position + 2 < tokens.count && tokens[position + 2] == .symbol("(")) {
                name += "." + member
                position += 2
            }
            guard fields.contains(name) else { throw FilterExpression.Invalid(description: "\(name) is not a filterable field here") }
            guard take(".") else { return .field(name) }
            guard !atEnd, case .identifier(let method) = tokens[position] else { throw FilterExpression.Invalid(description: "expected a method") }
            position += 1
            try expect("(")
            if method == "size" {
                try expect(")")
                return .size(.field(name))
            }
            guard ["contains", "startsWith", "endsWith"].contains(method) else {
                throw FilterExpression.Invalid(description: "unsupported method \(method)")
            }
            guard !FilterExpression.highEntropyFields.contains(name) else {
                throw FilterExpression.Invalid(description: "\(method)() is not allowed on \(name)")
            }
            let argument = try operand()
            try expect(")")
            return .method(method, field: name, argument)
        default:
            throw FilterExpression.Invalid(description: "unexpected \(token)")
        }
    }
}
