import Essentials

/// Follows `next_page_uri` exactly as the server gives it, refusing to leave the API's origin or to loop.
struct PageCursor {
    let base: URL
    private var seen: Set<String> = []

    init(base: URL) {
        self.base = base
    }

    /// Accepts the next page's URI, or says why it must not be followed.
    mutating func accept(_ uri: String) throws(NgrokError) -> URL {
        guard let url = URL(string: uri), Self.sameOrigin(url, base) else {
            throw .foreignPageURI(uri)
        }
        guard seen.insert(uri).inserted else { throw .repeatedPageURI(uri) }
        return url
    }

    static func sameOrigin(_ a: URL, _ b: URL) -> Bool {
        a.scheme?.lowercased() == b.scheme?.lowercased() && a.host?.lowercased() == b.host?.lowercased()
            && effectivePort(a) == effectivePort(b)
    }

    static func effectivePort(_ url: URL) -> Int? {
        if let port = url.port { return port }
        switch url.scheme?.lowercased() {
        case "https": return 443
        case "http": return 80
        default: return nil
        }
    }
}
