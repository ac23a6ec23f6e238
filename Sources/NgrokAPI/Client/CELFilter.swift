/// Filters in the API's CEL subset ("API Filtering"), built from values that may hold any text.
public enum CELFilter {
    /// A CEL string literal: quoted, with backslashes, quotes and line breaks escaped, so text typed
    /// or pasted by anyone stays one value and never becomes part of the expression.
    public static func literal(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// One owner's credentials.
    public static func ownerIs(_ id: String) -> String {
        "obj.owner_id == \(literal(id))"
    }

    /// Credentials whose description contains `text` (case-sensitive, as CEL is).
    public static func descriptionContains(_ text: String) -> String {
        "obj.description.contains(\(literal(text)))"
    }
}
