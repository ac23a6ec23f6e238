import NgrokAPI

/// How far one list has loaded.
public struct ListProgress: Sendable, Equatable {
    public enum Phase: Sendable, Equatable {
        case idle
        case loading
        case done
        case failed(String)
    }

    public var phase: Phase = .idle
    public var pages = 0
    public var items = 0

    public init(phase: Phase = .idle, pages: Int = 0, items: Int = 0) {
        self.phase = phase
        self.pages = pages
        self.items = items
    }

    public var isLoading: Bool { phase == .loading }
}

/// The four lists a full load fetches: the bots and the three credential collections.
public enum LoadTarget: Hashable, Sendable, CaseIterable {
    case bots
    case credentials(CredentialKind)

    public static var allCases: [LoadTarget] { [.bots] + CredentialKind.allCases.map { .credentials($0) } }

    public var label: String {
        switch self {
        case .bots: "bots"
        case .credentials(let kind): kind.plural
        }
    }
}
