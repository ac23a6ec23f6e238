/// Which profile a run uses, and the settings that result.
extension ConfigFile {
    /// The chosen profile's name (nil: the top-level defaults alone) and its settings over the defaults.
    public struct Selection: Sendable, Equatable {
        public var name: String?
        public var settings: ProfileSettings

        public init(name: String?, settings: ProfileSettings) {
            self.name = name
            self.settings = settings
        }
    }

    /// Why a profile cannot be used.
    public struct SelectionError: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// `requested` (from `--profile` or `NGROK_BOTS_PROFILE`, as `requestedBy` says), else
    /// `default_profile`, else none. A name the file does not have is an error listing the known ones.
    public func select(_ requested: String?, requestedBy: String) throws(SelectionError) -> Selection {
        guard let name = requested ?? defaultProfile else { return Selection(name: nil, settings: defaults) }
        guard let profile = profile(named: name) else {
            let by = requested == nil ? "default_profile" : requestedBy
            throw SelectionError(description: "\(by) names \(Self.quoted(name)), which is not a profile in \(path); \(knownProfiles)")
        }
        return Selection(name: name, settings: defaults.overridden(by: profile))
    }
}
