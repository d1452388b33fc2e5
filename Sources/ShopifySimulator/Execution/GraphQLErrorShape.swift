import GraphQL
import JSONValue

/// Turns GraphQLSwift's errors into the bodies Shopify sends. Shopify runs graphql-ruby, whose
/// static validation messages differ from graphql-js's: `Field 'x' doesn't exist on type
/// 'Product'` with `extensions: {code: "undefinedField", typeName, fieldName}` and a `path` that
/// starts with the operation (`["query Name", "products", "nodes", "x"]`).
struct GraphQLErrorShape {
    let document: Document?

    func validation(_ error: GraphQLError) -> JSONValue {
        let quoted = Self.quoted(error.message)
        var message = error.message
        var extensions = JSONObject()
        if error.message.hasPrefix("Cannot query field"), quoted.count >= 2 {
            message = "Field '\(quoted[0])' doesn't exist on type '\(quoted[1])'"
            extensions["code"] = "undefinedField"
            extensions["typeName"] = .string(quoted[1])
            extensions["fieldName"] = .string(quoted[0])
        } else if error.message.hasPrefix("Unknown argument"), quoted.count >= 2 {
            let field = quoted[1].split(separator: ".").last.map(String.init) ?? quoted[1]
            message = "Field '\(field)' doesn't accept argument '\(quoted[0])'"
            extensions["code"] = "argumentNotAccepted"
            extensions["name"] = .string(field)
            extensions["typeName"] = "Field"
            extensions["argumentName"] = .string(quoted[0])
        } else if error.message.contains("is required, but it was not provided"), quoted.count >= 2 {
            message = "Field '\(quoted[0])' is missing required arguments: \(quoted[1])"
            extensions["code"] = "missingRequiredArguments"
            extensions["className"] = "Field"
            extensions["name"] = .string(quoted[0])
            extensions["arguments"] = .string(quoted[1])
        } else if error.message.contains("must have a selection of subfields"), quoted.count >= 2 {
            message =
                "Field must have selections (field '\(quoted[0])' returns \(quoted[1]) but has no selections. Did you mean '\(quoted[0]) { ... }'?)"
            extensions["code"] = "selectionMismatch"
            extensions["nodeName"] = .string("field '\(quoted[0])'")
            extensions["typeName"] = .string(quoted[1])
        } else if error.message.contains("must not have a selection since type"), quoted.count >= 2 {
            message = "Selections can't be made on scalars (field '\(quoted[0])' returns \(quoted[1]) but has selections)"
            extensions["code"] = "selectionMismatch"
            extensions["nodeName"] = .string("field '\(quoted[0])'")
            extensions["typeName"] = .string(quoted[1])
        }
        var object = JSONObject()
        object["message"] = .string(message)
        object["locations"] = locations(error)
        if let location = error.locations.first, let path = path(at: location) {
            object["path"] = .array(path.map { .string($0) })
        }
        if !extensions.isEmpty { object["extensions"] = .object(extensions) }
        return .object(object)
    }

    /// An error raised while executing: message, locations, path and, for the simulator's own
    /// field errors, Shopify's `extensions.code`.
    func execution(_ error: GraphQLError) -> JSONValue {
        var object = JSONObject()
        let fieldError = error.originalError as? ShopifyFieldError
        object["message"] = .string(fieldError?.message ?? error.message)
        object["locations"] = locations(error)
        if !error.path.elements.isEmpty {
            object["path"] = .array(
                error.path.elements.map { element in
                    switch element {
                    case .index(let index): .int(index)
                    case .key(let key): .string(key)
                    }
                })
        }
        if let code = fieldError?.code { object["extensions"] = ["code": .string(code)] }
        return .object(object)
    }

    private func locations(_ error: GraphQLError) -> JSONValue {
        .array(error.locations.map { ["line": .int($0.line), "column": .int($0.column)] })
    }

    private static func quoted(_ message: String) -> [String] {
        message.split(separator: "\"", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map {
            String($0.element)
        }
    }

    /// graphql-ruby's path to the field at a location: the definition, then field names.
    private func path(at location: SourceLocation) -> [String]? {
        guard let document else { return nil }
        for definition in document.definitions {
            var start: String
            let selectionSet: SelectionSet
            switch definition {
            case let operation as OperationDefinition:
                start = operation.operation.rawValue
                if let name = operation.name?.value { start += " " + name }
                selectionSet = operation.selectionSet
            case let fragment as FragmentDefinition:
                start = "fragment " + fragment.name.value
                selectionSet = fragment.selectionSet
            default:
                continue
            }
            if let found = find(location, in: selectionSet, path: [start]) { return found }
        }
        return nil
    }

    private func find(_ location: SourceLocation, in selectionSet: SelectionSet, path: [String]) -> [String]? {
        for selection in selectionSet.selections {
            switch selection {
            case let field as Field:
                let fieldPath = path + [field.name.value]
                if let token = field.loc?.startToken, token.line == location.line, token.column == location.column { return fieldPath }
                if let set = field.selectionSet, let found = find(location, in: set, path: fieldPath) { return found }
            case let inline as InlineFragment:
                let label = "... on " + (inline.typeCondition?.name.value ?? "")
                if let found = find(location, in: inline.selectionSet, path: path + [label]) { return found }
            default:
                continue
            }
        }
        return nil
    }
}
