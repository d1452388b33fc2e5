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
            var inProperties = false
            for line in lines[(start + 1)...] {
                guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
                let depth = indent(line)
                if depth == 0 { break }
                if depth == 2 {
                    current = key(line)
                    inProperties = false
                } else if depth == 4 {
                    inProperties = key(line) == "properties"
                } else if depth == 6, inProperties, let current, line.hasSuffix(":") {
                    definitions[current, default: []].insert(key(line))
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

    /// Why a request does not match the schema; nil when it matches.
    func mismatch(method: String, path: String, body: JSONValue) -> String? {
        let segments = Self.apiPath(path).split(separator: "/").map(String.init)
        let candidates = operations.filter { operation in
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
