import Foundation

/// The one shape of CEL filter the simulator understands: `obj.FIELD == "VALUE"` (either quote).
enum FilterExpression {
    static func parse(_ text: String) -> (field: String, value: String)? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("obj."), let eq = trimmed.range(of: "==") else { return nil }
        let field = trimmed[trimmed.index(trimmed.startIndex, offsetBy: 4)..<eq.lowerBound].trimmingCharacters(in: .whitespaces)
        let literal = trimmed[eq.upperBound...].trimmingCharacters(in: .whitespaces)
        guard field.allSatisfy({ $0.isLetter || $0 == "_" }), !field.isEmpty, literal.count >= 2,
              let quote = literal.first, quote == "\"" || quote == "'", literal.last == quote else { return nil }
        let value = literal.dropFirst().dropLast()
        guard !value.contains(quote) else { return nil }
        return (field, String(value))
    }
}
