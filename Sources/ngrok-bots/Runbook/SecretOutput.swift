import NgrokAPI

/// The one-time printing of a new secret: the token alone on its line, so `| tail -1` takes it.
enum Secret {
    static func text(_ credential: Credential) -> String {
        var lines = ["created \(credential.kind.singular) \(credential.id) owned by \(credential.ownerID ?? "?")"]
        if let token = credential.token { lines += ["token (shown once, never again):", token] }
        return lines.joined(separator: "\n")
    }
}
