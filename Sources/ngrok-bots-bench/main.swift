// Prints how fast the core is at account sizes well past the usual: the reducer taking pages,
// filtering and sorting, and rendering a frame, each beside its target. Numbers only; nothing
// here passes or fails.
//
//   swift build -c release --product ngrok-bots-bench && .build/release/ngrok-bots-bench [bots] [credentials]
//   --load-only stops after the load (for a profiler); --slow-keys also lists the slowest filter keystrokes.
import BotBrowser
// FoundationEssentials, as the program itself: the resident figures then count what it would.
import FoundationEssentials
import Glibc
import NgrokAPI

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let botCount = arguments.first ?? 10_000
let credentialCount = arguments.dropFirst().first ?? 50_000
let now = Date()

func residentMegabytes(_ field: String = "VmRSS") -> Double {
    guard let text = procSelfStatus(),
          let line = text.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }),
          let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return 0 }
    return kilobytes / 1024
}

func procSelfStatus() -> String? {
    guard let file = fopen("/proc/self/status", "r") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        if count <= 0 { break }
        bytes += buffer[..<count]
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// `x` with `decimals` digits after the point, right-aligned in `width`.
func fixed(_ x: Double, _ decimals: Int, width: Int = 0) -> String {
    let scale = (0..<decimals).reduce(1.0) { value, _ in value * 10 }
    let scaled = Int((x * scale).rounded())
    let whole = String(scaled / Int(scale))
    let fraction = String(scaled % Int(scale))
    let text = decimals == 0 ? whole : whole + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    return String(repeating: " ", count: max(0, width - text.count)) + text
}

func zeroPadded(_ number: Int, _ width: Int) -> String {
    let digits = String(number)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}

func padded(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(0, width - text.count))
}

@_silgen_name("malloc_trim") func mallocTrim(_ pad: Int) -> Int32

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

/// Times each call of `body` and prints the median and the 99th percentile beside the target.
func measure(_ label: String, times: Int, target: String, _ body: (Int) -> Void) {
    let clock = ContinuousClock()
    var samples = (0..<times).map { index in milliseconds(clock.measure { body(index) }) }
    samples.sort()
    let p50 = samples[samples.count / 2]
    let p99 = samples[min(samples.count - 1, samples.count * 99 / 100)]
    print(padded(label, 40) + "p50 \(fixed(p50, 3, width: 8)) ms   p99 \(fixed(p99, 3, width: 8)) ms   target " + target)
}

// The account is generated page by page, as the API would send it, so the benchmark itself holds
// no second copy of it and the memory figure is the program's.
func bot(_ i: Int) -> BotUser {
    BotUser(id: "bot_" + zeroPadded(i, 27), name: "bot-\(["ci", "k8s", "edge", "iot"][i % 4])-\(i)",
            active: i % 5 != 0, createdAt: now - Double(i) * 600)
}

func credential(_ i: Int, _ kind: CredentialKind) -> Credential {
    let prefix = ["ak_", "cr_", "sshcr_"][CredentialKind.allCases.firstIndex(of: kind)!]
    return Credential(id: prefix + zeroPadded(i, 27), kind: kind, ownerID: "bot_" + zeroPadded((i * 7_919) % botCount, 27),
                      description: "credential \(i) for deploys", createdAt: now - Double(i) * 60)
}

/// Live sessions as the simulator seeds them, about one per four credentials, each on an authtoken.
let sessionCount = credentialCount / 4

func session(_ i: Int) -> TunnelSession {
    TunnelSession(id: "ts_" + zeroPadded(i, 27), credentialID: "cr_" + zeroPadded(3 * i + 1, 27), agentVersion: "3.22.1",
                  ip: i % 4 == 0 ? "2001:db8::\(i % 9_999)" : "203.0.113.\(i % 250)", region: ["us", "eu", "ap"][i % 3], os: "linux",
                  transport: "ngrok/2", startedAt: now - Double(i))
}

print("ngrok-bots-bench: \(botCount) bots, \(credentialCount) credentials, \(sessionCount) live sessions; resident \(fixed(residentMegabytes(), 1)) MB before")

let clock = ContinuousClock()

/// A fresh state with every page of a full load reduced, and how long the reducer took. Only the
/// reducer is timed: making the pages (ids, dates) is the benchmark's work, not the program's.
@MainActor func loadAccount() -> (state: AppState, took: Duration) {
    var state = AppState(apiHost: "bench", now: now)
    _ = reduce(&state, .resized(Size(width: 120, height: 40)))
    _ = reduce(&state, .start)
    let generation = state.loads.generation
    var took = Duration.zero
    func timed(_ action: Action) { took += clock.measure { _ = reduce(&state, action) } }
    for page in stride(from: 0, to: botCount, by: 100) {
        timed(.botsPage(generation: generation, (page..<min(page + 100, botCount)).map(bot)))
    }
    for (k, kind) in CredentialKind.allCases.enumerated() {
        let ofKind = Array(stride(from: k, to: credentialCount, by: 3))
        for page in stride(from: 0, to: ofKind.count, by: 100) {
            timed(.credentialsPage(generation: generation, kind, ofKind[page..<min(page + 100, ofKind.count)].map { credential($0, kind) }))
        }
    }
    for target in LoadTarget.allCases { timed(.listFinished(generation: generation, target)) }
    for page in stride(from: 0, to: sessionCount, by: 100) {
        timed(.tunnelSessionsPage(generation: generation, (page..<min(page + 100, sessionCount)).map(session)))
    }
    timed(.tunnelSessionsLoaded(generation: generation, .success([])))
    return (state, took)
}

/// The first load and four more, one state at a time, for a median that one busy moment of the
/// machine does not decide.
@MainActor func reportLoads() {
    var loads = [milliseconds(firstLoad)]
    for _ in 0..<4 { loads.append(milliseconds(loadAccount().took)) }
    loads.sort()
    print(padded("load: reduce every page of a full load", 40)
          + "p50 \(fixed(loads[loads.count / 2], 1, width: 8)) ms   best \(fixed(loads[0], 1, width: 7)) ms   target 200 ms")
}

var (state, firstLoad) = loadAccount()
let heldAfterLoad = residentMegabytes()
// What the program does when a load completes (TerminalUI): freed pages go back to the system.
_ = mallocTrim(0)
// The heap (RssAnon) is the memory that is really the program's; VmRSS and VmHWM also count the
// binary's own code pages, which are file-backed, shared and given back under pressure.
print("heap (RssAnon) after the load: \(fixed(residentMegabytes("RssAnon"), 1)) MB; target 35 MB")
print("resident (VmRSS) after the load: \(fixed(residentMegabytes(), 1)) MB (\(fixed(heldAfterLoad, 1)) MB before freed pages went back), "
      + "peak (VmHWM) \(fixed(residentMegabytes("VmHWM"), 1)) MB")
if CommandLine.arguments.contains("--load-only") {
    reportLoads()
    exit(0)
}

measure("cursor move", times: 2_000, target: "2 ms") { i in _ = reduce(&state, .key(KeyName(parse: i % 2 == 0 ? "j" : "k")!)) }
measure("render 120x40", times: 500, target: "1 ms") { _ in _ = render(state, Size(width: 120, height: 40)) }
var narrow = state
_ = reduce(&narrow, .resized(Size(width: 80, height: 24)))
narrow.panes.openDetail()
measure("render 80x24 with the detail pane", times: 500, target: "1 ms") { _ in _ = render(narrow, Size(width: 80, height: 24)) }

// A fast typist: names, a credential id, a description, each typed and erased key by key.
_ = reduce(&state, .key(KeyName(parse: "/")!))
let typed = ["edge-12", "ak_0000000000000000000000012", "deploys", "iot-9"].flatMap { word in
    word.map { KeyName.character($0) } + Array(repeating: KeyName.backspace, count: word.count)
}
measure("filter: one keystroke", times: typed.count, target: "p99 2 ms") { i in _ = reduce(&state, .key(typed[i])) }
if CommandLine.arguments.contains("--slow-keys") {
    var slow: [(Double, String)] = []
    for key in typed {
        let took = milliseconds(clock.measure { _ = reduce(&state, .key(key)) })
        slow.append((took, "\(key) -> '\(state.browser.filterText)' \(state.visibleIDs.count) visible"))
    }
    for (took, what) in slow.sorted(by: { $0.0 > $1.0 }).prefix(8) { print("  \(fixed(took, 3)) ms  " + what) }
}
_ = reduce(&state, .key(.escape))
measure("sort: one step of the four orders", times: 40, target: "5 ms") { _ in _ = reduce(&state, .key(KeyName(parse: "s")!)) }
print("resident after the keystrokes (recent filter answers and sort orders kept): \(fixed(residentMegabytes(), 1)) MB")
reportLoads()
