import BotBrowser
import Foundation
import Testing

/// Screen tests compare a rendered frame, as text, with a file under `Goldens/`. Under each row
/// whose cells carry a role other than `normal`, a `~` line marks them, column for column
/// (ratatui's styled buffers), one letter per role (`roleLetters`; every role has one, and a test
/// keeps it so). So a golden sees which row is selected, which button has focus, a danger border,
/// a pending state, the input field.
/// `UPDATE_GOLDENS=1 swift test` rewrites the files from what the code draws now (then review
/// the diff with git before committing).
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")
    static var updating: Bool { ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" }

    static func check(_ frame: Frame, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent("\(name).txt")
        // A visible right edge, so trailing spaces and wide characters are part of the comparison.
        let text = (0..<frame.size.height).map { y in
            frame.line(y) + "|" + (styleMask(frame, y).map { "\n~" + $0 } ?? "")
        }.joined(separator: "\n") + "\n"
        if updating {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try? text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing golden \(name).txt; run UPDATE_GOLDENS=1 swift test", sourceLocation: sourceLocation)
            return
        }
        if expected != text {
            // Compared line by line below; the first difference is reported.
            let got = text.split(separator: "\n", omittingEmptySubsequences: false)
            let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let firstDifference = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, want.count)
            Issue.record("""
                \(name) differs from its golden at line \(firstDifference + 1):
                want: \(firstDifference < want.count ? String(want[firstDifference]) : "<none>")
                got:  \(firstDifference < got.count ? String(got[firstDifference]) : "<none>")
                """, sourceLocation: sourceLocation)
        }
    }

    /// The roles of row `y` as letters, or nil when every cell is `normal`.
    static func styleMask(_ frame: Frame, _ y: Int) -> String? {
        let mask = String((0..<frame.size.width).map { x in roleLetters[frame[x, y].role] ?? "?" })
        return mask.allSatisfy { $0 == " " } ? nil : mask
    }

    /// Upper case for what stands out, lower case for its quieter kin.
    static let roleLetters: [StyleRole: Character] = [
        .normal: " ", .title: "T", .titleProduction: "P", .header: "H", .selected: "S", .selectedUnfocused: "s",
        .active: "a", .inactive: "i", .pending: "p", .marked: "m", .dim: "d", .info: "I", .warning: "W", .error: "E",
        .badge: "B", .border: "b", .button: "u", .buttonFocused: "F", .danger: "X", .input: "_", .matched: "M", .live: "L",
    ]
}
