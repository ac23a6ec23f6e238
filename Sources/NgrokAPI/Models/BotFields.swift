import Essentials

/// The JSON body that creates or changes a bot: the client encodes it, the simulator decodes it.
/// A field left nil is not sent; one that arrives absent or of another type decodes as nil.
public struct BotFields: Codable, Sendable, Equatable {
    public var name: String?
    public var active: Bool?

    public init(name: String? = nil, active: Bool? = nil) {
        self.name = name
        self.active = active
    }

    public init(from decoder: any Decoder) throws {
        let fields = try decoder.container(keyedBy: CodingKeys.self)
        name = try? fields.decode(String.self, forKey: .name)
        active = try? fields.decode(Bool.self, forKey: .active)
    }
}
