/// A time limit on a whole piece of async work, not just on its first byte.
enum Deadline {
    /// Runs `body`; if `limit` passes first, cancels it and throws `error`.
    static func run<T: Sendable>(
        within limit: Duration, else error: any Error, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else { throw error }
            return value
        }
    }
}
