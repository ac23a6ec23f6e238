import ArgumentParser

/// `--allow-self-lockout`, for the commands that can cut off the API key they run with.
struct SelfLockoutOption: ParsableArguments {
    @Flag(help: "Allow changing the bot that owns the API key in use, or that key itself (refused otherwise, exit status 5).")
    var allowSelfLockout = false
}
