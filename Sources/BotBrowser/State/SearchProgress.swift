/// How far a filter's search has got, said while it matches nothing yet: at 10,000 bots the list
/// takes about a hundred round trips, and "0 match" alone would read as "not in this account".
extension AppState {
    /// Beside the filter being typed: the matches, or where the search stands.
    public var filterNote: String {
        if let token = browser.pastedToken, token.ksuid == browser.filterText.trimmed {
            let asking = browser.lookup?.isAsking == true ? "looking it up… " : ""
            // The KSUID is on the line already: the candidates are it behind ak_ or cr_.
            return asking + "from a pasted token (secret dropped): an API key (ak_) or authtoken (cr_)"
        }
        if let lookup = browser.lookup, lookup.isAsking, lookup.id == browser.filterText.trimmed { return "looking it up on the server…" }
        if let searchProgress { return searchProgress }
        guard visibleIDs.isEmpty, !needle.isEmpty else { return visibleIDs.count == 1 ? "1 match" : "\(visibleIDs.count) matches" }
        if let person = personOwnedMatch { return "no match: owned by a person (\(person.owner)), not a bot" }
        if let caveat = searchCaveat { return "no match so far: \(caveat)" }
        return "no match"
    }

    /// "searching 6,400 of 10,000 bots…" while the filter matches nothing and bots are still arriving;
    /// the total is known only from the last run's list. The last run's bots, shown from the cache,
    /// were searched already: what is still coming is the fresh list, which may have new ones.
    public var searchProgress: String? {
        guard !browser.filterText.isEmpty, visibleIDs.isEmpty, loads.progress[.bots]?.isLoading == true else { return nil }
        let searched = (loads.progress[.bots]?.items ?? 0).grouped
        if loads.cachedAt != nil, let expected = loads.expectedBotCount {
            return "no match in the last run's \(expected.grouped) bots; checking the fresh list, \(searched) so far…"
        }
        if let expected = loads.expectedBotCount, expected > loads.progress[.bots]?.items ?? 0 {
            return "searching \(searched) of \(expected.grouped) bots…"
        }
        return "searching \(searched) bots so far…"
    }

    /// The status line's "Searching …" once the filter is committed; kept current as pages arrive.
    public var searchFlash: Flash? {
        searchProgress.map { Flash($0.prefix(1).uppercased() + $0.dropFirst()) }
    }
}

extension Int {
    /// 10000 as "10,000".
    var grouped: String {
        let digits = String(magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return (self < 0 ? "-" : "") + out
    }
}
