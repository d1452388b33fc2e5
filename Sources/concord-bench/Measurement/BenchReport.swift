import Foundation

/// One benchmark's measurements, printed as a single JSON object in the order they were added.
///
/// Key order is kept (unlike `JSONSerialization`) so the line reads the same from run to run and
/// the headline numbers come first.
struct BenchReport {
    enum Value {
        case int(Int)
        case double(Double)
        case string(String)
        case bool(Bool)
    }

    private(set) var fields: [(key: String, value: Value)] = []

    subscript(key: String) -> Value? {
        get { fields.first { $0.key == key }?.value }
        set {
            if let index = fields.firstIndex(where: { $0.key == key }) {
                if let newValue { fields[index].value = newValue } else { fields.remove(at: index) }
            } else if let newValue {
                fields.append((key, newValue))
            }
        }
    }

    /// The object on one line.
    var jsonLine: String {
        "{" + fields.map { "\"\($0.key)\":\(Self.render($0.value))" }.joined(separator: ",") + "}"
    }

    private static func render(_ value: Value) -> String {
        switch value {
        case .int(let number): String(number)
        case .double(let number): number.isFinite ? String(format: "%.6g", number) : "null"
        case .bool(let flag): flag ? "true" : "false"
        case .string(let text): quoted(text)
        }
    }

    private static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    result += String(format: "\\u%04x", scalar.value)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}

/// Human progress on standard error, so standard output stays the JSON line alone.
func progress(_ message: String) {
    FileHandle.standardError.write(Data(("concord-bench: " + message + "\n").utf8))
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}

/// Runs `body` and returns its result with the wall-clock time it took.
func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let clock = ContinuousClock()
    let start = clock.now
    let value = try body()
    return (value, (clock.now - start).seconds)
}

/// Formats a byte count for progress lines (`1.23 GiB`).
func formatBytes(_ bytes: Int?) -> String {
    guard let bytes else { return "n/a" }
    let units = ["B", "KiB", "MiB", "GiB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1024, unit < units.count - 1 {
        value /= 1024
        unit += 1
    }
    return String(format: "%.2f", value) + " " + units[unit]
}
