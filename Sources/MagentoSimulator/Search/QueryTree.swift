import SimulatorCore

/// A query string read the way PHP reads it into `$_GET`: `a[b][0][c]=x` becomes nested keys,
/// `a[]=x` appends, `+` is a space, and the keys keep the order they came in (PHP arrays are
/// ordered maps, and Magento walks them in that order).
indirect enum QueryTree: Sendable {
    case value(String)
    case node([(key: String, tree: QueryTree)])

    static func parse(_ items: [SimRequest.QueryItem]) -> QueryTree {
        var root = QueryTree.node([])
        for item in items {
            let name = item.name.replacingOccurrences(of: "+", with: " ")
            let value = item.value.replacingOccurrences(of: "+", with: " ")
            guard let path = keyPath(name), !path.isEmpty else { continue }
            root.insert(value, at: path[...])
        }
        return root
    }

    /// `searchCriteria[filter_groups][0]` → `["searchCriteria", "filter_groups", "0"]`; nil for a
    /// malformed name. An empty bracket (`[]`) is kept as "" and means "append".
    static func keyPath(_ name: String) -> [String]? {
        guard let open = name.firstIndex(of: "[") else { return [name] }
        var path = [String(name[..<open])]
        var rest = name[open...]
        while rest.first == "[" {
            guard let close = rest.firstIndex(of: "]") else { break }
            path.append(String(rest[rest.index(after: rest.startIndex)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return path
    }

    private mutating func insert(_ value: String, at path: ArraySlice<String>) {
        guard let key = path.first else {
            self = .value(value)
            return
        }
        var children: [(key: String, tree: QueryTree)] = []
        if case .node(let existing) = self { children = existing }
        let rest = path.dropFirst()
        let resolvedKey = key.isEmpty ? String(children.count) : key
        if let index = children.firstIndex(where: { $0.key == resolvedKey }), !key.isEmpty {
            var child = children[index].tree
            child.insert(value, at: rest)
            children[index].tree = child
        } else {
            var child = QueryTree.node([])
            child.insert(value, at: rest)
            children.append((resolvedKey, child))
        }
        self = .node(children)
    }

    /// The child at `key`, matched the way Magento maps parameter names to setters: `filter_groups`
    /// and `filterGroups` are the same key.
    subscript(key: String) -> QueryTree? {
        guard case .node(let children) = self else { return nil }
        let wanted = Self.normalized(key)
        return children.first { Self.normalized($0.key) == wanted }?.tree
    }

    var children: [(key: String, tree: QueryTree)] {
        if case .node(let children) = self { return children }
        return []
    }

    var stringValue: String? {
        if case .value(let text) = self { return text }
        return nil
    }

    static func normalized(_ key: String) -> String {
        key.replacingOccurrences(of: "_", with: "").lowercased()
    }
}
