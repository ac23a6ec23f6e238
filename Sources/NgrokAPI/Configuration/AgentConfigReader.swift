/// Reads the one thing ngrok-bots wants from the ngrok agent's `ngrok.yml`: `api_key`, under
/// `agent:` (version 3) or at the top (version 2). The file is read as YAML by libyaml
/// (`YAMLNode`); a file that is not YAML is a `YAMLError` naming the line.
enum AgentConfigReader {
    /// The key, trimmed, or nil when the file has none. Version 3's key wins; an empty or null one,
    /// or one that is a list or a mapping, is no key.
    static func apiKey(in text: String) throws(YAMLError) -> String? {
        let root = try YAMLNode.parse(text)
        return key(root["agent"]?["api_key"]) ?? key(root["api_key"])
    }

    static func key(_ node: YAMLNode?) -> String? {
        guard let text = node?.scalar?.trimmed, !text.isEmpty else { return nil }
        return text
    }
}
