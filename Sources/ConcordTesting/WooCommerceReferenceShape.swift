import JSONValue

/// The WooCommerce REST API reference's example responses (`shared/fixtures/woocommerce`), and
/// the comparison of a simulator answer with one: the same keys, recursively, with the same JSON
/// types.
///
/// Rules: null in an example matches anything; a simulator null matches where `nullable` names
/// the path; arrays are compared element by element against the example's first element; a
/// batch body's `create`/`update`/`delete` hold resources whose paths start inside them.
/// Known differences, each deliberate, are `allowedExtraKeys` and `optionalKeys`.
public enum WooCommerceReferenceShape {
    /// Keys the simulator may send that the examples lack: `global_unique_id` (products and
    /// variations) came with WooCommerce 9.2, after the examples were written; the simulator puts
    /// the barcode there.
    public static let allowedExtraKeys: Set<String> = ["global_unique_id"]
    /// Keys WooCommerce sends only sometimes: `_links.customer` belongs to orders of a registered
    /// customer (`customer_id` > 0); the simulator's shoppers are guests (`customer_id` 0).
    public static let optionalKeys: Set<String> = ["_links.customer"]

    /// The example response in the file `name`, such as `orders--retrieve-an-order.json`.
    public static func example(_ name: String) throws -> JSONValue {
        try JSONValue.parse(try FixturePaths.text(atPath: FixturePaths.shared("woocommerce/" + name)))
    }

    /// The JSON type of `value`, by name, for the issues.
    private static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "bool"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// Appends to `issues` every way `actual` differs in shape from `fixture` below `path`
    /// (paths in `ignored` are not compared).
    public static func compare(
        fixture: JSONValue, actual: JSONValue, path: String, nullable: Set<String>, ignored: Set<String>, issues: inout [String]
    ) {
        if fixture == .null || ignored.contains(path) { return }
        if actual == .null, nullable.contains(path) { return }
        guard typeName(fixture) == typeName(actual) else {
            issues.append("\(path.isEmpty ? "(top)" : path): the fixture has \(typeName(fixture)), the simulator \(typeName(actual))")
            return
        }
        switch (fixture, actual) {
        case (.array(let expected), .array(let items)):
            guard let first = expected.first else { return }
            let elementPath = path.isEmpty ? "" : path + "[]"
            for item in items {
                compare(fixture: first, actual: item, path: elementPath, nullable: nullable, ignored: ignored, issues: &issues)
            }
        case (.object(let expected), .object(let object)):
            let isBatch = path.isEmpty && Set(expected.keys) == ["create", "update", "delete"]
            let missing = expected.keys.filter { object[$0] == nil && !optionalKeys.contains(path.isEmpty ? $0 : path + "." + $0) }
            let extra = object.keys.filter { expected[$0] == nil && !allowedExtraKeys.contains($0) }
            if !missing.isEmpty { issues.append("\(path.isEmpty ? "(top)" : path): missing keys \(missing)") }
            if !extra.isEmpty { issues.append("\(path.isEmpty ? "(top)" : path): extra keys \(extra)") }
            for (key, value) in expected {
                guard let other = object[key] else { continue }
                compare(
                    fixture: value, actual: other, path: isBatch ? "" : (path.isEmpty ? key : path + "." + key),
                    nullable: nullable, ignored: ignored, issues: &issues)
            }
        default:
            break
        }
    }
}
