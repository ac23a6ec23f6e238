import Essentials

/// One page of a list answer. The list's key differs per collection (`keys`, `bot_users`, …),
/// so it is passed in through the decoder's user info.
struct Page<Item: Decodable>: Decodable {
    static var listKeyKey: CodingUserInfoKey { CodingUserInfoKey(rawValue: "ngrok-bots.list-key")! }

    var items: [Item]
    var nextPageURI: String?

    init(from decoder: any Decoder) throws {
        guard let listKey = decoder.userInfo[Self.listKeyKey] as? String else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "no list key given"))
        }
        let c = try decoder.container(keyedBy: AnyCodingKey.self)
        // A page without its list is an error, not an empty list: a proxy's or a changed API's
        // answer must not read as "this owner has nothing".
        items = try c.decode([Item].self, forKey: AnyCodingKey(listKey))
        nextPageURI = try c.decodeIfPresent(String.self, forKey: AnyCodingKey("next_page_uri"))
    }
}

struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
