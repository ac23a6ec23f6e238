/// The fixed parts of the screen, shared by rendering and by the reducer's paging.
public enum Layout {
    /// Top bar, column header, flash line and hint line.
    public static let chromeRows = 4
    /// Below this the screen only says it is too small.
    public static let minimum = Size(width: 60, height: 16)
    /// From this width on, the detail pane sits beside the list instead of replacing it.
    public static let sideBySideWidth = 100

    /// The most the list uses well: a name of 40 columns, a whole `service_…` id, the counts.
    static let listWidthUsed = 112

    public static func detailWidth(for width: Int) -> Int {
        // Wide enough for a whole 31-character id with its label; on a very wide screen, what the
        // list cannot use goes to the detail (descriptions, addresses, endpoint URLs).
        max(min(64, max(46, width * 2 / 5)), width - listWidthUsed)
    }
}
