import GraphQL
import JSONValue

/// Shopify's calculated query cost, simplified faithfully.
///
/// Rules (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits#cost-calculation):
/// scalars and enums cost 0; an object costs 1; a connection costs 2 plus, for each node it
/// can return (`first`/`last`), the cost of one node's selection (so `products(first: 10) { nodes
/// { id } }` costs 12); `pageInfo` and edges cost nothing of their own; an interface costs what its
/// selection costs; a mutation field costs 10. A list of objects that takes `first` counts like a
/// connection's nodes without the 2; `nodes(ids:)` counts one object per id.
///
/// The requested cost is computed before execution from the arguments; the actual cost walks the
/// response and counts the nodes that came back, so a short last page costs less. The difference is
/// refunded to the bucket, as Shopify does.
struct QueryCost {
    let schema: GraphQLSchema
    let fragments: [String: FragmentDefinition]
    let variables: [String: JSONValue]

    init(schema: GraphQLSchema, document: Document, variables: [String: JSONValue]) {
        self.schema = schema
        var fragments: [String: FragmentDefinition] = [:]
        for case let fragment as FragmentDefinition in document.definitions { fragments[fragment.name.value] = fragment }
        self.fragments = fragments
        self.variables = variables
    }

    func requested(_ operation: OperationDefinition) -> Int {
        cost(operation.selectionSet, on: rootType(operation), data: nil, actual: false, depth: 0)
    }

    func actual(_ operation: OperationDefinition, data: JSONValue?) -> Int {
        cost(operation.selectionSet, on: rootType(operation), data: data, actual: true, depth: 0)
    }

    private func rootType(_ operation: OperationDefinition) -> (any GraphQLNamedType)? {
        operation.operation == .mutation ? schema.mutationType : schema.queryType
    }

    private func fields(of type: (any GraphQLNamedType)?) -> GraphQLFieldMap {
        if let object = type as? GraphQLObjectType { return (try? object.fields()) ?? [:] }
        if let interface = type as? GraphQLInterfaceType { return (try? interface.fields()) ?? [:] }
        return [:]
    }

    private func cost(_ selectionSet: SelectionSet?, on type: (any GraphQLNamedType)?, data: JSONValue?, actual: Bool, depth: Int) -> Int {
        guard let selectionSet, depth < 64 else { return 0 }
        let isMutationRoot = type?.name == schema.mutationType?.name
        var total = 0
        for selection in selectionSet.selections {
            switch selection {
            case let field as Field:
                guard !field.name.value.hasPrefix("__"), let definition = fields(of: type)[field.name.value] else { continue }
                if isMutationRoot {
                    total += 10
                    continue
                }
                let value = data?[field.alias?.value ?? field.name.value]
                total += fieldCost(field, type: definition.type, data: value, actual: actual, depth: depth)
            case let inline as InlineFragment:
                let condition = inline.typeCondition.flatMap { schema.getType(name: $0.name.value) } ?? type
                total += cost(inline.selectionSet, on: condition, data: data, actual: actual, depth: depth + 1)
            case let spread as FragmentSpread:
                guard let fragment = fragments[spread.name.value] else { continue }
                let condition = schema.getType(name: fragment.typeCondition.name.value)
                total += cost(fragment.selectionSet, on: condition, data: data, actual: actual, depth: depth + 1)
            default:
                continue
            }
        }
        return total
    }

    private func fieldCost(_ field: Field, type: any GraphQLType, data: JSONValue?, actual: Bool, depth: Int) -> Int {
        var named: any GraphQLType = type
        var isList = false
        while true {
            if let nonNull = named as? GraphQLNonNull { named = nonNull.ofType; continue }
            if let list = named as? GraphQLList { named = list.ofType; isList = true; continue }
            break
        }
        guard let namedType = named as? any GraphQLNamedType, !(named is any GraphQLLeafType) else { return 0 }
        if actual, data == nil || data == .null { return 1 }

        if namedType.name.hasSuffix("Connection"), !isList {
            let size = pageSize(field) ?? 0
            guard actual else { return 2 + size * connectionItemCost(field, on: namedType, item: nil, actual: false, depth: depth) }
            var total = 2
            for item in connectionItems(field, data) {
                total += connectionItemCost(field, on: namedType, item: item, actual: true, depth: depth)
            }
            return total
        }
        if isList {
            if actual {
                let items = data?.arrayValue ?? []
                return max(
                    1, items.reduce(0) { $0 + 1 + cost(field.selectionSet, on: namedType, data: $1, actual: true, depth: depth + 1) })
            }
            let count = listSize(field)
            return count * (1 + cost(field.selectionSet, on: namedType, data: nil, actual: false, depth: depth + 1))
        }
        return 1 + cost(field.selectionSet, on: namedType, data: data, actual: actual, depth: depth + 1)
    }

    /// The cost of one item of a connection: its node's selection under `edges` and under `nodes`.
    private func connectionItemCost(_ field: Field, on connection: any GraphQLNamedType, item: JSONValue?, actual: Bool, depth: Int) -> Int
    {
        let connectionFields = fields(of: connection)
        var total = 0
        for case let child as Field in field.selectionSet?.selections ?? [] {
            switch child.name.value {
            case "edges":
                guard let edgeType = connectionFields["edges"].map({ Self.namedType($0.type) }),
                    let nodeType = fields(of: edgeType)["node"].map({ Self.namedType($0.type) })
                else { continue }
                for case let edgeField as Field in child.selectionSet?.selections ?? [] where edgeField.name.value == "node" {
                    total += 1 + cost(edgeField.selectionSet, on: nodeType, data: item, actual: actual, depth: depth + 2)
                }
            case "nodes":
                guard let nodeType = connectionFields["nodes"].map({ Self.namedType($0.type) }) else { continue }
                total += 1 + cost(child.selectionSet, on: nodeType, data: item, actual: actual, depth: depth + 1)
            default:
                continue
            }
        }
        return total
    }

    /// The nodes a connection returned, from `nodes` or else from `edges[].node` (aliases aside).
    private func connectionItems(_ field: Field, _ data: JSONValue?) -> [JSONValue] {
        for case let child as Field in field.selectionSet?.selections ?? [] {
            let key = child.alias?.value ?? child.name.value
            if child.name.value == "nodes", let nodes = data?[key]?.arrayValue { return nodes }
            if child.name.value == "edges", let edges = data?[key]?.arrayValue {
                let nodeKey =
                    (child.selectionSet?.selections.compactMap { $0 as? Field }.first { $0.name.value == "node" }).map {
                        $0.alias?.value ?? "node"
                    } ?? "node"
                return edges.map { $0[nodeKey] ?? .null }
            }
        }
        return []
    }

    static func namedType(_ type: any GraphQLType) -> any GraphQLNamedType {
        var current = type
        while true {
            if let nonNull = current as? GraphQLNonNull { current = nonNull.ofType; continue }
            if let list = current as? GraphQLList { current = list.ofType; continue }
            return current as! any GraphQLNamedType
        }
    }

    private func argument(_ field: Field, _ name: String) -> JSONValue? {
        guard let value = field.arguments.first(where: { $0.name.value == name })?.value else { return nil }
        return literal(value)
    }

    private func literal(_ value: any Value) -> JSONValue? {
        switch value {
        case let variable as Variable: return variables[variable.name.value]
        case let int as IntValue: return .number(int.value)
        case let list as ListValue: return .array(list.values.compactMap(literal))
        case let string as StringValue: return .string(string.value)
        default: return nil
        }
    }

    private func pageSize(_ field: Field) -> Int? {
        argument(field, "first")?.intValue ?? argument(field, "last")?.intValue
    }

    private func listSize(_ field: Field) -> Int {
        if field.name.value == "nodes", let ids = argument(field, "ids")?.arrayValue { return max(1, ids.count) }
        return max(1, pageSize(field) ?? 1)
    }
}
