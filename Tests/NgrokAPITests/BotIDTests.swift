import NgrokAPI
import Testing

/// One bot, two spellings (`BotID`): `service_X` from `/service_users`, `bot_X` from `/bot_users`.
@Suite("Bot ids in either spelling")
struct BotIDTests {
    static let ksuid = "32ELIFubEAAGUeRtreNW6kr94Od"

    @Test func bothSpellingsAreOneBot() throws {
        let service = try #require(BotID("service_" + Self.ksuid)), bot = try #require(BotID("bot_" + Self.ksuid))
        #expect(service == bot && service.key == bot.key && service.ksuid == Self.ksuid)
        #expect(bot.spelled(for: .serviceUsers) == "service_" + Self.ksuid)
        #expect(service.spelled(for: .botUsers) == "bot_" + Self.ksuid)
        #expect(BotID.same("bot_" + Self.ksuid, "service_" + Self.ksuid))
        #expect(!BotID.same("bot_" + Self.ksuid, "service_" + String(Self.ksuid.reversed())))
        #expect(BotID.resource(spelling: "service_" + Self.ksuid) == .serviceUsers)
        #expect(BotID.resource(spelling: "bot_" + Self.ksuid) == .botUsers)
    }

    @Test func anythingElseIsNotABotID() {
        for text in ["", "service_", "bot_" + Self.ksuid.dropLast(), "service_" + Self.ksuid + "x", "usr_" + Self.ksuid,
                     "ak_" + Self.ksuid, "Service_" + Self.ksuid, "bot-" + Self.ksuid, "bot_" + Self.ksuid.dropLast() + "!",
                     " bot_" + Self.ksuid, "deploy-bot"] {
            #expect(BotID(text) == nil, "\(text)")
        }
    }

    @Test func respellingLeavesOtherOwnersAlone() {
        #expect(BotID.respell("bot_" + Self.ksuid, for: .serviceUsers) == "service_" + Self.ksuid)
        #expect(BotID.respell("usr_" + Self.ksuid, for: .serviceUsers) == "usr_" + Self.ksuid)
        #expect(BotID.respell("bot_" + Self.ksuid, for: nil) == "bot_" + Self.ksuid)
        #expect(BotID.key("usr_abc") == "usr_abc")
    }

    @Test func theGuessKnowsBothSpellingsAndWhatIsMalformed() {
        #expect(ObjectID.guess("service_" + Self.ksuid) == .bot)
        #expect(ObjectID.guess("bot_" + Self.ksuid) == .bot)
        #expect(ObjectID.isMalformed("service_" + Self.ksuid.dropLast()))
        #expect(ObjectID.isMalformed("ak_" + Self.ksuid + "9"))
        #expect(ObjectID.isMalformed("bot_32EL"))
        #expect(!ObjectID.isMalformed("bot_" + Self.ksuid))
        #expect(!ObjectID.isMalformed("terraform-lab-13"))
        #expect(!ObjectID.isMalformed("bot_"), "a prefix alone is a name being typed")
        #expect(!ObjectID.isMalformed("bot_ lab"), "text with spaces is a name")
    }

    @Test func theOwnerFilterAsksForBothSpellingsAndAcceptsEither() throws {
        let filter = CredentialFilter.owner("service_" + Self.ksuid)
        #expect(filter.cel == "obj.owner_id == \"service_\(Self.ksuid)\" || obj.owner_id == \"bot_\(Self.ksuid)\"")
        let date = try #require(APIJSON.parseTimestamp("2026-12-01T00:00:00Z"))
        for owner in ["bot_" + Self.ksuid, "service_" + Self.ksuid] {
            #expect(filter.matches(Credential(id: "ak_1", kind: .apiKey, ownerID: owner, createdAt: date)))
        }
        #expect(!filter.matches(Credential(id: "ak_1", kind: .apiKey, ownerID: "usr_" + Self.ksuid, createdAt: date)))
        #expect(CredentialFilter.owner("usr_x").cel == "obj.owner_id == \"usr_x\"")
    }
}
