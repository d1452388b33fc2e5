import JSONValue

/// Writes JSON text by hand, so that keys come out in a fixed, readable order (product fields
/// first, then the variant's) and every line of an export is byte-for-byte reproducible.
///
/// `JSONEncoder` only offers insertion-order-unspecified or alphabetical keys; writing the few
/// value shapes Concord needs (strings, integers, booleans, lists and objects of them) is simpler
/// than post-processing its output.
struct JSONText {
    private var text = "{"
    private var isEmpty = true

    /// Adds `"key": value`, where `value` is already JSON text.
    mutating func add(_ key: String, json value: String) {
        if !isEmpty { text += "," }
        isEmpty = false
        text += Self.string(key) + ":" + value
    }

    mutating func add(_ key: String, _ value: String) { add(key, json: Self.string(value)) }
    mutating func add(_ key: String, _ value: Int) { add(key, json: String(value)) }
    mutating func add(_ key: String, _ value: Bool) { add(key, json: value ? "true" : "false") }
    mutating func add(_ key: String, _ values: [String]) { add(key, json: Self.array(values.map(Self.string))) }

    /// Adds the key only when there is a value: absent and `null` read back the same.
    mutating func add(_ key: String, ifPresent value: String?) {
        if let value { add(key, value) }
    }

    /// The finished object.
    var json: String { text + "}" }

    /// A JSON string literal, escaped as every other JSON Concord writes.
    static func string(_ value: String) -> String { JSONValue.string(value).serialized }

    /// A JSON array of values that are already JSON text.
    static func array(_ elements: [String]) -> String { "[" + elements.joined(separator: ",") + "]" }
}
