import BotBrowser
import Foundation
import NgrokAPI
import Testing

/// Issue 22: an admin with several accounts tells them apart at a glance, so the title names the
/// config.yml profile beside the account, and a production profile looks different.
@Suite("The title: the profile beside the account, production set apart")
struct ProfileTitleTests {
    func title(profile: String?, production: Bool, color: Bool = true) -> (text: String, frame: Frame) {
        var state = Fixtures.loaded(display: DisplayOptions(color: color))
        state.settings.profileName = profile
        state.settings.isProduction = production
        _ = reduce(&state, .selfLoaded(.success(SelfLockoutTests.me)))
        let frame = render(state, state.ui.screen)
        let firstLine = frame.text.split(separator: "\n", omittingEmptySubsequences: false)[0]
        return (String(firstLine), frame)
    }

    @Test func theProfileStandsBesideTheAccountName() {
        let (text, frame) = title(profile: "staging", production: false)
        #expect(text.contains("ngrok-bots · profile: staging · prod-account@example.com"), "\(text)")
        #expect(!text.contains("PRODUCTION"))
        #expect(frame[0, 0].role == .title && frame[frame.size.width - 1, 0].role == .title)
    }

    @Test func aProductionProfileHasItsOwnTitleRoleAndWord() {
        for color in [true, false] {
            let (text, frame) = title(profile: "prod", production: true, color: color)
            #expect(text.contains("profile: prod · prod-account@example.com"), "\(text)")
            // The word is there without colour too (NO_COLOR, a monochrome terminal).
            #expect(text.contains("[PRODUCTION]"), "\(text)")
            #expect(frame[0, 0].role == .titleProduction && frame[frame.size.width - 1, 0].role == .titleProduction)
        }
    }

    @Test func withoutAProfileTheTitleIsAsBefore() {
        let (text, _) = title(profile: nil, production: false)
        #expect(text.contains("ngrok-bots · prod-account@example.com") && !text.contains("profile"), "\(text)")
    }
}
