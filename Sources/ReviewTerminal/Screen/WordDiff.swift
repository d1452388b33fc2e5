/// A word-level diff of two texts, for descriptions and titles too long to compare by eye.
///
/// Longest common subsequence over white-space separated words, as `git diff --word-diff`; texts
/// of more than ``maxWords`` words are not diffed (the table would be too large for a keypress).
public enum WordDiff {
    public enum Part: Hashable, Sendable {
        case same(String)
        case removed(String)
        case added(String)
    }

    public static let maxWords = 600

    /// The parts turning `old` into `new`, or `nil` when either text is too long.
    public static func diff(_ old: String, _ new: String) -> [Part]? {
        let a = old.split(whereSeparator: \.isWhitespace).map(String.init)
        let b = new.split(whereSeparator: \.isWhitespace).map(String.init)
        guard a.count <= maxWords, b.count <= maxWords else { return nil }
        // lengths[i][j]: LCS of a[i...] and b[j...].
        var lengths = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lengths[i][j] = a[i] == b[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var parts: [Part] = []
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                parts.append(.same(a[i]))
                i += 1
                j += 1
            } else if i < a.count, j == b.count || lengths[i + 1][j] >= lengths[i][j + 1] {
                parts.append(.removed(a[i]))
                i += 1
            } else {
                parts.append(.added(b[j]))
                j += 1
            }
        }
        return parts
    }

    /// The diff in `git --word-diff=plain` form: `[-removed-]` and `{+added+}`.
    public static func plain(_ parts: [Part]) -> String {
        parts.map { part in
            switch part {
            case .same(let word): word
            case .removed(let word): "[-\(word)-]"
            case .added(let word): "{+\(word)+}"
            }
        }.joined(separator: " ")
    }
}
