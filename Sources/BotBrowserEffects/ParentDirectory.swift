/// The directory part of a path, as NSString's deletingLastPathComponent gave it (FoundationEssentials
/// has no NSString): "" for a bare file name, "/" for a file at the root, trailing slashes ignored.
func parentDirectory(of path: String) -> String {
    var path = Substring(path)
    while path.count > 1, path.hasSuffix("/") { path.removeLast() }
    guard let slash = path.lastIndex(of: "/") else { return "" }
    if slash == path.startIndex { return "/" }
    var parent = path[..<slash]
    while parent.count > 1, parent.hasSuffix("/") { parent.removeLast() }
    return String(parent)
}
