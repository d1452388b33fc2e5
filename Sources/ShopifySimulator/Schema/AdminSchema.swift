import GraphQL

/// The executable Admin schema: ``AdminSchemaSDL`` built by GraphQLSwift, with every field resolved
/// by the ``GraphNode`` it is asked of and the abstract types (`Node`, `Media`, `DisplayableError`)
/// resolved by the node's own type name.
///
/// GraphQLSwift builds SDL types without resolvers, and an interface's `resolveType` cannot be set
/// after the fact, so the interfaces are rebuilt with one and every reference to them is rewired
/// before the final schema is made. Built once per process (about 20 ms).
enum AdminSchema {
    static let shared: GraphQLSchema = {
        do {
            return try make()
        } catch {
            preconditionFailure("the embedded Shopify Admin SDL does not build: \(error)")
        }
    }()

    static func make() throws -> GraphQLSchema {
        let built = try buildSchema(source: AdminSchemaSDL.source)
        let resolveType: GraphQLTypeResolve = { value, _ in
            guard let node = value as? any GraphNode else {
                throw GraphQLError(message: "Internal error: \(type(of: value)) is not a node")
            }
            return node.typeName
        }

        // Rebuild each interface with a type resolver.
        var interfaces: [String: GraphQLInterfaceType] = [:]
        for (name, type) in built.typeMap {
            guard let interface = type as? GraphQLInterfaceType, !name.hasPrefix("__") else { continue }
            let old = interface
            interfaces[name] = try GraphQLInterfaceType(
                name: old.name, description: old.description, fields: old.fields, interfaces: old.interfaces,
                resolveType: resolveType, astNode: old.astNode
            )
        }

        func rewire(_ type: any GraphQLType) -> any GraphQLType {
            if let list = type as? GraphQLList { return GraphQLList(rewire(list.ofType)) }
            if let nonNull = type as? GraphQLNonNull { return GraphQLNonNull(rewire(nonNull.ofType) as! any GraphQLNullableType) }
            if let interface = type as? GraphQLInterfaceType { return interfaces[interface.name] ?? interface }
            return type
        }

        func rewired(_ fields: GraphQLFieldMap, resolving: Bool) -> GraphQLFieldMap {
            var result = GraphQLFieldMap()
            for (name, field) in fields {
                let copy = GraphQLField(
                    type: rewire(field.type) as! any GraphQLOutputType, description: field.description,
                    deprecationReason: field.deprecationReason, args: field.args,
                    resolve: resolving ? Self.resolve : nil, astNode: field.astNode
                )
                result[name] = copy
            }
            return result
        }

        var types: [any GraphQLNamedType] = []
        for (name, type) in built.typeMap where !name.hasPrefix("__") {
            if let object = type as? GraphQLObjectType {
                let fields = rewired(try object.fields(), resolving: true)
                let objectInterfaces = try object.interfaces().map { interfaces[$0.name] ?? $0 }
                object.fields = { fields }
                object.interfaces = { objectInterfaces }
                types.append(object)
            } else if let interface = type as? GraphQLInterfaceType, let replacement = interfaces[name] {
                let fields = rewired(try interface.fields(), resolving: false)
                replacement.fields = { fields }
                types.append(replacement)
            } else {
                types.append(type)
            }
        }
        return try GraphQLSchema(
            query: built.queryType, mutation: built.mutationType, types: types, directives: built.directives
        )
    }

    /// Every field of every object type resolves through its source node.
    static let resolve: GraphQLFieldResolve = { source, args, context, info in
        guard let node = source as? any GraphNode else {
            if info.parentType.name == "QueryRoot" || info.parentType.name == "Mutation" {
                return try await RootResolver.resolve(field: info.fieldName, args: args, context: context as! ResolveContext, info: info)
            }
            throw GraphQLError(message: "Internal error: \(info.parentType.name).\(info.fieldName) has no node")
        }
        return try await node.resolve(field: info.fieldName, args: args, context: context as! ResolveContext)
    }
}
