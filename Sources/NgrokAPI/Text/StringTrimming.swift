// Foundation's trimmingCharacters(in:) is not in FoundationEssentials; these trim the same sets.
extension StringProtocol {
    /// Without leading and trailing whitespace or line breaks: Foundation's `.whitespacesAndNewlines`.
    public var trimmed: String {
        trimming { isHorizontalSpace($0) || isLineBreak($0) }
    }

    /// Without leading and trailing spaces (of any width) and tabs, keeping line breaks:
    /// Foundation's `.whitespaces`.
    public var trimmedOfSpaces: String {
        trimming(isHorizontalSpace)
    }

    /// By scalars, not characters, as Foundation does: a space before a combining mark still goes.
    private func trimming(_ drops: (Unicode.Scalar) -> Bool) -> String {
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, drops(first) { scalars.removeFirst() }
        while let last = scalars.last, drops(last) { scalars.removeLast() }
        return String(scalars)
    }
}

/// Foundation's `.whitespaces`: Unicode's spaces and the tab, and also the zero width space.
private func isHorizontalSpace(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: true
    default: false
    }
}

/// Foundation's `.newlines`.
private func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x0A...0x0D, 0x85, 0x2028, 0x2029: true
    default: false
    }
}
