// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "ngrok-bots",
    products: [
        .executable(name: "ngrok-bots", targets: ["ngrok-bots"]),
    ],
    dependencies: [
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // Without its default traits: FullFoundation makes Hummingbird import all of Foundation, whose
        // ICU data is 34 MB of the static binary. The simulator uses neither it nor ConfigurationSupport.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // Already built for Hummingbird; used to stop the simulator gracefully.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.0.0"),
        // Already built for async-http-client's TLS; used here only for SSH key fingerprints.
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        // Tests only: random interleavings of keys, pages and results for the reducer's invariants.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // Foundation's types, from FoundationEssentials where it exists: one import for every file.
        .target(name: "Essentials"),
        // ncursesw, reached only through TerminalUI.
        .systemLibrary(
            name: "CNCurses",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        // libyaml, reached only through NgrokAPI's YAMLNode (the agent's ngrok.yml).
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // Models, HTTP client, pagination, errors, rate limit, retries.
        .target(
            name: "NgrokAPI",
            dependencies: [
                "Essentials", "CYAML",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // A local fake of the ngrok API for --demo, tests and benchmarks.
        .target(
            name: "NgrokSimulator",
            dependencies: [
                "Essentials", "NgrokAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The application: state, actions, reducer, effects, keymap, rendering to a Frame.
        .target(
            name: "BotBrowser",
            dependencies: ["Essentials", "NgrokAPI", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The application's edges: the effect runner (the API client), the audit log and the warm
        // cache (files). Kept out of BotBrowser so the compiler keeps the core pure.
        .target(
            name: "BotBrowserEffects",
            dependencies: ["Essentials", "BotBrowser", "NgrokAPI", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The non-interactive commands' engine: the TUI's client, runner and audit log, without a screen.
        .target(
            name: "Runbook",
            dependencies: ["Essentials", "BotBrowser", "BotBrowserEffects", "NgrokAPI"]
        ),
        // The ncurses backend: draws a Frame, reads keys, follows resize and signals.
        .target(
            name: "TerminalUI",
            dependencies: ["Essentials", "BotBrowser", "CNCurses"]
        ),
        .executableTarget(
            name: "ngrok-bots",
            dependencies: [
                "Essentials", "NgrokAPI", "NgrokSimulator", "BotBrowser", "BotBrowserEffects", "TerminalUI", "Runbook",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Prints timings and memory of the reducer and renderer at scale.
        .executableTarget(
            name: "ngrok-bots-bench",
            dependencies: ["Essentials", "BotBrowser", "NgrokAPI"]
        ),
        // The incident, timed: launch to "deactivated on the server" on a large simulated account.
        .executableTarget(
            name: "ngrok-bots-incident",
            dependencies: ["Essentials", "BotBrowser", "BotBrowserEffects", "NgrokAPI", "NgrokSimulator"]
        ),
        .testTarget(
            name: "NgrokAPITests",
            dependencies: ["NgrokAPI", "NgrokSimulator"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "BotBrowserTests",
            dependencies: [
                "BotBrowser", "BotBrowserEffects", "NgrokAPI", "NgrokSimulator",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["Goldens"]
        ),
        .testTarget(
            name: "RunbookTests",
            dependencies: ["Runbook", "BotBrowser", "BotBrowserEffects", "NgrokAPI", "NgrokSimulator"]
        ),
        .testTarget(
            name: "TerminalUITests",
            dependencies: ["TerminalUI", "BotBrowser", "NgrokAPI"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
