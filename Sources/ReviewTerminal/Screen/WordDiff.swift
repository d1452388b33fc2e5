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

    /// A stretch of the diff as a person reads it: words kept, words replaced by others, words
    /// only removed or only added. Consecutive changed words form one run, so "ceramic → stoneware"
    /// reads as one replacement instead of a removal and an addition.
    public enum Run: Hashable, Sendable {
        case same(String)
        case replaced(old: String, new: String)
        case removed(String)
        case added(String)
    }

    /// Groups `parts` into runs.
    public static func runs(_ parts: [Part]) -> [Run] {
        var runs: [Run] = []
        var removed: [String] = []
        var added: [String] = []
        var same: [String] = []
        func flushChange() {
            switch (removed.isEmpty, added.isEmpty) {
            case (false, false): runs.append(.replaced(old: removed.joined(separator: " "), new: added.joined(separator: " ")))
            case (false, true): runs.append(.removed(removed.joined(separator: " ")))
            case (true, false): runs.append(.added(added.joined(separator: " ")))
            case (true, true): break
            }
            removed = []
            added = []
        }
        func flushSame() {
            if !same.isEmpty { runs.append(.same(same.joined(separator: " "))) }
            same = []
        }
        for part in parts {
            switch part {
            case .same(let word):
                flushChange()
                same.append(word)
            case .removed(let word):
                flushSame()
                removed.append(word)
            case .added(let word):
                flushSame()
                added.append(word)
            }
        }
        flushChange()
        flushSame()
        return runs
    }

    /// The diff as text that reads without colour: `[old → new]` for a replacement, `[+ added]`
    /// and `[− removed]` for the rest (git's `{+…+}` markup is for machines, not for a review).
    public static func readable(_ parts: [Part]) -> String {
        runs(parts).map(\.readable).joined(separator: " ")
    }
}

extension WordDiff.Run {
    /// This run in the bracketed form of ``WordDiff/readable(_:)``.
    public var readable: String {
        switch self {
        case .same(let words): words
        case .replaced(let old, let new): "[\(old) → \(new)]"
        case .removed(let words): "[− \(words)]"
        case .added(let words): "[+ \(words)]"
        }
    }
}
