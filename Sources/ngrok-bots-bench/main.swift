// Prints how fast the core is at account sizes well past the usual: the reducer taking pages,
// filtering and sorting, and rendering a frame. Numbers only; nothing here passes or fails.
//
//   swift run -c release ngrok-bots-bench [bots] [credentials]
import BotBrowser
import Foundation
import NgrokAPI

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let botCount = arguments.first ?? 10_000
let credentialCount = arguments.dropFirst().first ?? 50_000
let now = Date()

func residentMegabytes() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
          let pages = text.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return 0 }
    return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
}

func measure(_ label: String, repeat times: Int = 1, _ body: () -> Void) {
    let clock = ContinuousClock()
    let elapsed = clock.measure { for _ in 0..<times { body() } }
    let each = elapsed / times
    print(String(format: "%-44@ %10.3f ms%@", label as NSString, Double(each.components.attoseconds) / 1e15 + Double(each.components.seconds) * 1000,
                 times > 1 ? " (mean of \(times))" as NSString : "" as NSString))
}

var rng = SystemRandomNumberGenerator()
let bots = (0..<botCount).map { i in
    BotUser(id: String(format: "bot_%027d", i), name: "bot-\(["ci", "k8s", "edge", "iot"][i % 4])-\(i)",
            active: i % 5 != 0, createdAt: now - Double(i) * 600)
}
let kinds = CredentialKind.allCases
let credentials = (0..<credentialCount).map { i in
    Credential(id: String(format: "ak_%027d", i), kind: kinds[i % 3], ownerID: bots[Int.random(in: 0..<botCount, using: &rng)].id,
               description: "credential \(i) for deploys", createdAt: now - Double(i) * 60)
}
print("ngrok-bots-bench: \(botCount) bots, \(credentialCount) credentials; resident \(String(format: "%.1f", residentMegabytes())) MB before")

var state = AppState(apiHost: "bench", now: now)
_ = reduce(&state, .resized(Size(width: 120, height: 40)))
_ = reduce(&state, .start)
let generation = state.generation
measure("load: every bot and credential page") {
    for page in stride(from: 0, to: bots.count, by: 100) {
        _ = reduce(&state, .botsPage(generation: generation, Array(bots[page..<min(page + 100, bots.count)])))
    }
    for kind in kinds {
        let ofKind = credentials.filter { $0.kind == kind }
        for page in stride(from: 0, to: ofKind.count, by: 100) {
            _ = reduce(&state, .credentialsPage(generation: generation, kind, Array(ofKind[page..<min(page + 100, ofKind.count)])))
        }
    }
    for target in LoadTarget.allCases { _ = reduce(&state, .listFinished(generation: generation, target)) }
}
print(String(format: "resident after load: %.1f MB", residentMegabytes()))

measure("move down one row", repeat: 1000) { _ = reduce(&state, .key(KeyName(parse: "j")!)) }
measure("render 120x40", repeat: 200) { _ = render(state, Size(width: 120, height: 40)) }
measure("render 80x24 with detail", repeat: 200) {
    var narrow = state
    narrow.panes.append(.detail)
    _ = render(narrow, Size(width: 80, height: 24))
}
_ = reduce(&state, .key(KeyName(parse: "/")!))
measure("filter: one keystroke (credential id prefix)", repeat: 10) {
    _ = reduce(&state, .key(.character("a")))
    _ = reduce(&state, .key(.backspace))
}
_ = reduce(&state, .key(.escape))
measure("sort: cycle through all four orders") {
    for _ in SortOrder.allCases { _ = reduce(&state, .key(KeyName(parse: "s")!)) }
}
measure("refresh: bots list finished (stale sweep)") {
    _ = reduce(&state, .start)
    _ = reduce(&state, .botsPage(generation: state.generation, bots))
    _ = reduce(&state, .listFinished(generation: state.generation, .bots))
}
print(String(format: "resident at end: %.1f MB", residentMegabytes()))
