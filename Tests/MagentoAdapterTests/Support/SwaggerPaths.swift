import ConcordTesting
import Foundation
import JSONValue

/// The operations of a Swagger 2.0 YAML file, read by a reader built for that one layout (the
/// file is 37,000 lines of machine-written YAML with fixed indentation; no YAML package needed):
/// `paths:` → `  "/V1/…":` → `    get|post|put|delete:` → `parameters:` → an `in: body` parameter
/// whose `schema:` lists `properties:` inline or `"$ref"`s a definition.
struct SwaggerPaths {
    struct Operation {
        var template: String
        var method: String
        /// The body schema's top-level property names; nil when the operation takes no body.
        var bodyProperties: Set<String>?
    }

    var operations: [Operation] = []
    /// Definition name → its property names.
    var definitions: [String: Set<String>] = [:]
    /// Definition name → the properties its `required:` list names (Magento's generator lists the
    /// getters whose return type is not nullable).
    var required: [String: Set<String>] = [:]
    /// Definition name → property name → the definition an object property or the items of an
    /// array property `"$ref"` (`operations_list` → `…-summary-operation-status-interface`).
    var references: [String: [String: String]] = [:]

    init(yaml: String) {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func indent(_ line: String) -> Int { line.prefix { $0 == " " }.count }
        func key(_ line: String) -> String {
            var text = line.trimmingCharacters(in: .whitespaces)
            if text.hasSuffix(":") { text.removeLast() }
            return text.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        }
        // Definitions: name → properties.
        var definitions: [String: Set<String>] = [:]
        if let start = lines.firstIndex(of: "definitions:") {
            var current: String?
            var section = ""
            var property: String?
            for line in lines[(start + 1)...] {
                guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
                let depth = indent(line)
                if depth == 0 { break }
                let text = line.trimmingCharacters(in: .whitespaces)
                if depth == 2 {
                    current = key(line)
                    section = ""
                } else if depth == 4, text.hasPrefix("- "), section == "required", let current {
                    required[current, default: []].insert(String(text.dropFirst(2)))
                } else if depth == 4 {
                    section = key(line)
                } else if depth == 6, section == "properties", let current, line.hasSuffix(":") {
                    property = key(line)
                    definitions[current, default: []].insert(key(line))
                } else if depth >= 8, section == "properties", let current, let property, text.hasPrefix("\"$ref\":") {
                    references[current, default: [:]][property] =
                        text.components(separatedBy: "/").last?.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) ?? ""
                }
            }
        }
        self.definitions = definitions
        guard let start = lines.firstIndex(of: "paths:") else { return }
        var template: String?
        var index = start + 1
        while index < lines.count {
            let line = lines[index]
            let depth = indent(line)
            if depth == 0, !line.isEmpty { break }
            if depth == 2, line.hasSuffix(":") {
                template = key(line)
            } else if depth == 4, let template, ["get", "post", "put", "delete", "patch"].contains(key(line)) {
                var operation = Operation(template: template, method: key(line).uppercased(), bodyProperties: nil)
                var cursor = index + 1
                while cursor < lines.count, indent(lines[cursor]) > 4 || lines[cursor].isEmpty {
                    if lines[cursor].trimmingCharacters(in: .whitespaces) == "in: body" {
                        var properties: Set<String> = []
                        var inner = cursor + 1
                        let base = indent(lines[cursor])  // the parameter's own keys
                        while inner < lines.count, indent(lines[inner]) >= base {
                            let text = lines[inner].trimmingCharacters(in: .whitespaces)
                            if indent(lines[inner]) == base + 2, text == "properties:" {
                                var property = inner + 1
                                while property < lines.count, indent(lines[property]) > base + 2 {
                                    if indent(lines[property]) == base + 4 { properties.insert(key(lines[property])) }
                                    property += 1
                                }
                            } else if indent(lines[inner]) == base + 2, text.hasPrefix("\"$ref\":") {
                                let name =
                                    text.components(separatedBy: "/").last?.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) ?? ""
                                properties.formUnion(definitions[name] ?? [])
                            }
                            inner += 1
                        }
                        operation.bodyProperties = properties
                    }
                    cursor += 1
                }
                operations.append(operation)
                index = cursor
                continue
            }
            index += 1
        }
    }

    static let magento: SwaggerPaths = {
        let text = (try? String(contentsOfFile: FixturePaths.shared("magento/admin-schema-2.4.9.yaml"), encoding: .utf8)) ?? ""
        return SwaggerPaths(yaml: text)
    }()

    /// `/rest/default/V1/products/X` → `/V1/products/X` (the schema's base path is `/rest/default`;
    /// `/rest/all` and `/rest/V1` are the same API).
    static func apiPath(_ path: String) -> String {
        guard let range = path.range(of: "/V1/") else { return path }
        return "/V1/" + path[range.upperBound...]
    }

    /// Why an object does not match a definition — a key the definition does not have, or a
    /// required one missing — looking into the objects of properties that `"$ref"` another
    /// definition; nil when it matches.
    func mismatch(_ value: JSONValue, definition: String, at path: String = "") -> String? {
        guard let properties = definitions[definition] else { return "the schema has no definition \(definition)" }
        guard let object = value.objectValue else { return "\(path.isEmpty ? "the answer" : path) is not an object" }
        let keys = Set(object.keys)
        if let extra = keys.subtracting(properties).sorted().first { return "\(path)\(extra) is not a property of \(definition)" }
        if let missing = (required[definition] ?? []).subtracting(keys).sorted().first {
            return "\(path)\(missing), required by \(definition), is missing"
        }
        for (property, inner) in references[definition] ?? [:] {
            guard let nested = object[property], !nested.isNull else { continue }
            for (index, element) in (nested.arrayValue ?? [nested]).enumerated() {
                if let problem = mismatch(element, definition: inner, at: "\(path)\(property)[\(index)].") { return problem }
            }
        }
        return nil
    }

    /// Why a request does not match the schema; nil when it matches.
    ///
    /// An asynchronous bulk request (`/rest/<scope>/async/bulk/V1/…`) is checked as Adobe's "Bulk
    /// endpoints" page describes it: the synchronous route with each `{param}` written
    /// `by` + `Param`, and a body that is an array of the synchronous route's bodies — each item is
    /// checked as that route's body (https://developer.adobe.com/commerce/webapi/rest/use-rest/bulk-endpoints/).
    func mismatch(method: String, path: String, body: JSONValue) -> String? {
        let segments = Self.apiPath(path).split(separator: "/").map(String.init)
        let isBulk = path.contains("/async/bulk/V1/")
        let candidates = operations.filter { operation in
            let pattern = operation.template.split(separator: "/").map(String.init)
            guard pattern.count == segments.count else { return false }
            return zip(pattern, segments).allSatisfy { pattern, segment in
                guard pattern.hasPrefix("{") else { return pattern == segment }
                guard isBulk else { return true }
                let name = pattern.trimmingCharacters(in: CharacterSet(charactersIn: "{}"))
                return segment == "by" + name.prefix(1).uppercased() + name.dropFirst()
            }
        }
        if isBulk {
            guard !candidates.isEmpty else { return "no path template matches the bulk route \(path)" }
            guard let items = body.arrayValue, !items.isEmpty else { return "a bulk request's body must be a non-empty array" }
            for (index, item) in items.enumerated() {
                guard item.objectValue != nil else { return "item \(index) is not an object" }
                if let problem = mismatch(method: method, path: path, item: item, candidates: candidates) {
                    return "item \(index): \(problem)"
                }
            }
            return nil
        }
        return mismatch(method: method, path: path, item: body, candidates: candidates)
    }

    private func mismatch(method: String, path: String, item body: JSONValue, candidates: [Operation]? = nil) -> String? {
        let segments = Self.apiPath(path).split(separator: "/").map(String.init)
        let candidates =
            candidates
            ?? operations.filter { operation in
                let pattern = operation.template.split(separator: "/").map(String.init)
                guard pattern.count == segments.count else { return false }
                return zip(pattern, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
            }
        guard !candidates.isEmpty else { return "no path template matches \(path)" }
        let withMethod = candidates.filter { $0.method == method }
        guard !withMethod.isEmpty else { return "\(candidates.map(\.template)) has no \(method)" }
        guard let keys = body.objectValue?.keys, !keys.isEmpty else { return nil }
        for operation in withMethod {
            guard let properties = operation.bodyProperties else { continue }
            if Set(keys).isSubset(of: properties) { return nil }
        }
        return
            "\(method) \(withMethod[0].template): body keys \(keys) are not all properties of \(withMethod.map { $0.bodyProperties.map { $0.sorted() } ?? [] })"
    }
}
