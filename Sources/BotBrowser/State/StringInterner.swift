/// One copy of each distinct string handed to it. Metadata, ACL rules and a session's region or
/// agent version repeat across thousands of credentials and sessions, and each decoded copy is a
/// separate allocation.
struct StringInterner: Sendable, Equatable {
    private var known: Set<String> = []
    private var knownLists: Set<[String]> = []

    mutating func intern(_ text: String) -> String {
        // Up to 15 UTF-8 bytes a String is stored inline: nothing to share.
        text.utf8.count <= 15 ? text : known.insert(text).memberAfterInsert
    }

    mutating func intern(_ texts: [String]) -> [String] {
        texts.isEmpty ? texts : knownLists.insert(texts.map { intern($0) }).memberAfterInsert
    }
}
