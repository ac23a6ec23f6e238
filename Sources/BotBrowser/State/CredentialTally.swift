import NgrokAPI

/// What is known of how many credentials of each kind some bots own: a count only where a complete
/// answer gave it. A dialog reads it so that one authtoken loaded of four is never "its 1 authtoken".
public struct CredentialTally: Sendable, Equatable {
    /// Counted so far; the whole count for every kind not in `unknown`.
    public var counts = CredentialCounts()
    /// The kinds whose count is not known yet, with why ("still loading", "loading failed").
    public var unknown: [CredentialKind: String] = [:]

    public init(counts: CredentialCounts = CredentialCounts(), unknown: [CredentialKind: String] = [:]) {
        self.counts = counts
        self.unknown = unknown
    }

    public var isComplete: Bool { unknown.isEmpty }
    /// Known to be none at all: only from complete answers.
    public var ownsNone: Bool { isComplete && counts.total == 0 }

    /// Several bots' together: a kind unknown for one of them is unknown for all of them.
    public static func + (a: CredentialTally, b: CredentialTally) -> CredentialTally {
        CredentialTally(counts: a.counts + b.counts, unknown: a.unknown.merging(b.unknown) { first, _ in first })
    }

    /// "API keys: 2", or "authtokens: ? (still loading; 1 so far)".
    public func line(_ kind: CredentialKind) -> String {
        guard let why = unknown[kind] else { return "\(kind.plural): \(counts[kind])" }
        return "\(kind.plural): ? (\(why)" + (counts[kind] > 0 ? "; \(counts[kind]) so far)" : ")")
    }

    /// One line per kind, indented, for a dialog that cannot give the whole count yet.
    public var lines: [String] { CredentialKind.allCases.map { "  " + line($0) } }
}

extension AppState {
    /// What is known of the credentials `owner` owns: each kind's count once its complete list (the
    /// account's, or the owner's own) is in, `?` with the reason until then.
    public func tally(of owner: String) -> CredentialTally {
        var tally = CredentialTally(counts: account.counts(of: owner))
        for kind in CredentialKind.allCases where knownCount(of: owner, kind) == nil {
            if case .failed = loads.progress[.credentials(kind)]?.phase {
                tally.unknown[kind] = "loading failed"
            } else {
                tally.unknown[kind] = "still loading"
            }
        }
        return tally
    }
}
