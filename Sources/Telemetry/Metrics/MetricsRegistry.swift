import Foundation
import Synchronization

/// Counters and gauges by name and labels, rendered in the Prometheus text exposition format
/// (version 0.0.4) for a scraper.
///
/// Small on purpose: Concord exports a dozen series per store, so a dictionary under a lock does,
/// and nothing here depends on a metrics framework.
public final class MetricsRegistry: Sendable {
    public enum Kind: String, Sendable {
        case counter, gauge
    }

    struct Family {
        var help: String
        var kind: Kind
        var samples: [[Label]: Double] = [:]
    }

    /// A label pair; families keep their samples' labels sorted by name.
    public struct Label: Hashable, Sendable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    private let families = Mutex<[String: Family]>([:])

    public init() {}

    /// Declares a family (its `# HELP` and `# TYPE`), so it is exported even before a sample.
    public func describe(_ name: String, help: String, kind: Kind) {
        families.withLock { families in
            if families[name] == nil { families[name] = Family(help: help, kind: kind) }
        }
    }

    /// Adds `amount` to a counter.
    public func increment(_ name: String, by amount: Double = 1, labels: [String: String] = [:]) {
        update(name, labels: labels) { $0 += amount }
    }

    /// Sets a gauge.
    public func set(_ name: String, to value: Double, labels: [String: String] = [:]) {
        update(name, labels: labels) { $0 = value }
    }

    /// The current value of one series (tests, and the `/metrics` page).
    public func value(_ name: String, labels: [String: String] = [:]) -> Double? {
        families.withLock { $0[name]?.samples[Self.key(labels)] }
    }

    func update(_ name: String, labels: [String: String], _ body: (inout Double) -> Void) {
        families.withLock { families in
            var family = families[name] ?? Family(help: name, kind: .gauge)
            body(&family.samples[Self.key(labels), default: 0])
            families[name] = family
        }
    }

    static func key(_ labels: [String: String]) -> [Label] {
        labels.sorted { $0.key < $1.key }.map { Label($0.key, $0.value) }
    }

    /// The whole registry in the text format: families sorted by name, samples by labels.
    public func render() -> String {
        let snapshot = families.withLock { $0 }
        var output = ""
        for name in snapshot.keys.sorted() {
            let family = snapshot[name]!
            output += "# HELP \(name) \(Self.escapeHelp(family.help))\n"
            output += "# TYPE \(name) \(family.kind.rawValue)\n"
            let rows = family.samples.map { (labels: $0.key, value: $0.value) }
                .sorted {
                    $0.labels.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
                        < $1.labels.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
                }
            for row in rows {
                let labels =
                    row.labels.isEmpty
                    ? "" : "{" + row.labels.map { "\($0.name)=\"\(Self.escapeLabel($0.value))\"" }.joined(separator: ",") + "}"
                output += "\(name)\(labels) \(Self.format(row.value))\n"
            }
        }
        return output
    }

    /// Label values escape backslash, double quote and line feed (the format's only escapes).
    static func escapeLabel(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(
            of: "\n", with: "\\n")
    }

    /// HELP text escapes backslash and line feed.
    static func escapeHelp(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
