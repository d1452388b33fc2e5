/// Reading the detail pane of the review screen back from its drawn lines.
public enum ReviewDetailPane {
    /// The detail pane's text (right of the `│` divider) as one line of single-spaced words,
    /// whatever the wrapping.
    public static func words(_ lines: [String]) -> String {
        lines.map { $0.split(separator: "│", maxSplits: 1).dropFirst().first.map(String.init) ?? "" }
            .joined(separator: " ").split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
