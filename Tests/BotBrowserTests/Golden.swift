import BotBrowser
import Foundation
import Testing

/// Screen tests compare a rendered frame, as text, with a file under `Goldens/`. Under each row
/// whose cells carry a role text cannot show, a `~` line marks them, column for column (ratatui's
/// styled buffers): S selected, s selected in an unfocused pane, F focused button, M the filter's
/// match, E error, W warning, d dim. So a golden sees which row is selected and which button has focus.
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

    /// The roles of row `y` as letters, or nil when it has none worth marking.
    static func styleMask(_ frame: Frame, _ y: Int) -> String? {
        let mask = String((0..<frame.size.width).map { x -> Character in
            switch frame[x, y].role {
            case .selected: "S"
            case .selectedUnfocused: "s"
            case .buttonFocused: "F"
            case .matched: "M"
            case .error: "E"
            case .warning: "W"
            case .dim: "d"
            default: " "
            }
        })
        return mask.allSatisfy { $0 == " " } ? nil : mask
    }
}
