import Foundation

/// Durations as people write them on a command line: `500ms`, `30s`, `15m`, `24h`, `7d`, or a
/// combination such as `1h30m`.
public enum ServiceDuration {
    /// Parses `text` or returns `nil` (the caller says what was expected).
    public static func parse(_ text: String) -> Duration? {
        let text = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !text.isEmpty else { return nil }
        var total = Duration.zero
        var number = ""
        var rest = Substring(text)
        while let character = rest.first {
            if character.isNumber {
                number.append(character)
                rest = rest.dropFirst()
                continue
            }
            // A billion of any unit is past any schedule; it also keeps `unit * value` from overflowing.
            guard let value = Int64(number), value <= 1_000_000_000 else { return nil }
            number = ""
            let unit: Duration
            if rest.hasPrefix("ms") {
                unit = .milliseconds(1)
                rest = rest.dropFirst(2)
            } else {
                switch character {
                case "s": unit = .seconds(1)
                case "m": unit = .seconds(60)
                case "h": unit = .seconds(3600)
                case "d": unit = .seconds(86_400)
                default: return nil
                }
                rest = rest.dropFirst()
            }
            total += unit * value
        }
        guard number.isEmpty else { return nil }  // a bare number has no unit: refuse "15" (minutes? seconds?)
        return total
    }

    /// `15m`, `1h30m`, `250ms`: the short form, for log lines.
    public static func format(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        if milliseconds < 1000 { return "\(milliseconds)ms" }
        var seconds = milliseconds / 1000
        var parts = ""
        for (unit, size) in [("d", Int64(86_400)), ("h", 3600), ("m", 60)] where seconds >= size {
            parts += "\(seconds / size)\(unit)"
            seconds %= size
        }
        if seconds > 0 || parts.isEmpty { parts += "\(seconds)s" }
        return parts
    }
}
