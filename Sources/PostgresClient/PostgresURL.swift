import Foundation

/// Keeps passwords in a PostgreSQL connection string out of messages and logs.
///
/// libpq takes two forms (PostgreSQL manual, "Connection Strings"): a URI
/// (`postgres://user:secret@host:5432/db?sslmode=require&password=secret`) and `key=value` pairs
/// (`host=db user=concord password='s3 cret'`), and either may carry a password. A URL that has
/// to name a server in an error message goes through ``redacted(_:)`` first, and whatever libpq
/// says about a connection string is scrubbed of the password's literal text, because libpq quotes
/// the offending token when it cannot read one (`invalid percent-encoded token: "hun%zzter"`).
public enum PostgresURL {
    /// What every password becomes.
    public static let placeholder = "<redacted>"

    /// Connection parameters whose values are secrets (lowercased).
    static let passwordKeys: Set<String> = ["password", "sslpassword"]

    /// Returns `connectionString` with every password replaced by ``placeholder``.
    ///
    /// The user name, hosts, ports, database and other parameters stay, so the result still says
    /// where a connection was going. Text that cannot be read as either form is redacted from the
    /// first point it stops making sense, if a password could follow: this errs towards hiding.
    public static func redacted(_ connectionString: String) -> String {
        var result = connectionString
        for range in passwordRanges(in: connectionString).reversed() {
            result.replaceSubrange(range, with: placeholder)
        }
        return result
    }

    /// Every password written in `connectionString`: as written, and as libpq reads it
    /// (percent-decoded in a URI, unescaped in `key=value`), for scrubbing other text.
    static func passwords(in connectionString: String) -> [String] {
        var found: [String] = []
        let isURI = uriPrefixLength(connectionString) != nil
        for range in passwordRanges(in: connectionString) {
            let raw = String(connectionString[range])
            found.append(raw)
            if isURI, let decoded = raw.removingPercentEncoding { found.append(decoded) }
            if !isURI { found.append(unescaped(raw)) }
        }
        // Longest first, so a password containing another is replaced whole.
        return Array(Set(found.filter { !$0.isEmpty })).sorted { $0.count > $1.count }
    }

    /// `text` with each of `passwords` replaced by ``placeholder``.
    static func scrub(_ text: String, passwords: [String]) -> String {
        passwords.reduce(text) { $0.replacingOccurrences(of: $1, with: placeholder) }
    }

    // MARK: Finding passwords

    private static func passwordRanges(in string: String) -> [Range<String.Index>] {
        if let prefixLength = uriPrefixLength(string) {
            return uriPasswordRanges(in: string, from: string.index(string.startIndex, offsetBy: prefixLength))
        }
        return keyValuePasswordRanges(in: string)
    }

    /// libpq's two URI schemes; compared without case here, which only ever redacts more.
    private static func uriPrefixLength(_ string: String) -> Int? {
        let lowered = string.prefix(13).lowercased()
        if lowered.hasPrefix("postgresql://") { return 13 }
        if lowered.hasPrefix("postgres://") { return 11 }
        return nil
    }

    private static func uriPasswordRanges(in string: String, from start: String.Index) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        let queryStart = string[start...].firstIndex(of: "?") ?? string.endIndex
        // The user info ends at the last "@" before the query: a password written with a raw "@"
        // or "/" (libpq wants them percent-encoded, people do not always) is still covered whole.
        if let at = string[start..<queryStart].lastIndex(of: "@"),
            let colon = string[start..<at].firstIndex(of: ":"),
            string.index(after: colon) < at
        {
            ranges.append(string.index(after: colon)..<at)
        }
        guard queryStart < string.endIndex else { return ranges }
        var position = string.index(after: queryStart)
        while position < string.endIndex {
            let end = string[position...].firstIndex(of: "&") ?? string.endIndex
            if let equals = string[position..<end].firstIndex(of: "=") {
                let key = String(string[position..<equals])
                let name = (key.removingPercentEncoding ?? key).lowercased()
                let value = string.index(after: equals)..<end
                if passwordKeys.contains(name), !value.isEmpty { ranges.append(value) }
            }
            position = end < string.endIndex ? string.index(after: end) : end
        }
        return ranges
    }

    /// Follows libpq's `conninfo_parse`: `key = value` pairs separated by spaces, a value either
    /// single-quoted or bare, a backslash escaping the next character in both.
    private static func keyValuePasswordRanges(in string: String) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        var index = string.startIndex

        func skipSpaces() {
            while index < string.endIndex, string[index].isWhitespace { index = string.index(after: index) }
        }

        while true {
            skipSpaces()
            guard index < string.endIndex else { return ranges }
            let keyStart = index
            while index < string.endIndex, string[index] != "=", !string[index].isWhitespace { index = string.index(after: index) }
            let key = string[keyStart..<index].lowercased()
            skipSpaces()
            guard index < string.endIndex, string[index] == "=" else {
                return ranges + unreadableTail(of: string, from: keyStart)
            }
            index = string.index(after: index)
            skipSpaces()
            let value: Range<String.Index>
            if index < string.endIndex, string[index] == "'" {
                index = string.index(after: index)
                let valueStart = index
                while index < string.endIndex, string[index] != "'" {
                    if string[index] == "\\" { index = string.index(after: index) }
                    if index < string.endIndex { index = string.index(after: index) }
                }
                guard index < string.endIndex else { return ranges + unreadableTail(of: string, from: keyStart) }
                value = valueStart..<index
                index = string.index(after: index)
            } else {
                let valueStart = index
                while index < string.endIndex, !string[index].isWhitespace {
                    if string[index] == "\\" { index = string.index(after: index) }
                    if index < string.endIndex { index = string.index(after: index) }
                }
                value = valueStart..<index
            }
            if passwordKeys.contains(key), !value.isEmpty { ranges.append(value) }
        }
    }

    /// Text libpq would reject: hidden from `start` on if it mentions a password at all.
    private static func unreadableTail(of string: String, from start: String.Index) -> [Range<String.Index>] {
        string[start...].range(of: "password", options: .caseInsensitive) == nil ? [] : [start..<string.endIndex]
    }

    private static func unescaped(_ value: String) -> String {
        var result = ""
        var escaping = false
        for character in value {
            if !escaping, character == "\\" {
                escaping = true
                continue
            }
            escaping = false
            result.append(character)
        }
        return result
    }
}
