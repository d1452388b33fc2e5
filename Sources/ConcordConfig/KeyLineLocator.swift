/// Finds the line of a key path (`stores.shop.rules.price-below-cost`) in TOML text, so that a
/// configuration error points at the line to edit as well as naming the key.
///
/// TOMLKit does not keep source positions for values, so this reads the text once more, tracking
/// table headers (`[a.b]`, `[[a.b]]`, the latter numbered `a.b[0]`, `a.b[1]`...) and `key = value`
/// lines; a key path that is not found gives `nil` and the error goes without a line.
struct KeyLineLocator: Sendable {
    private var lines: [String: Int] = [:]

    init(text: String) {
        var current: [String] = []
        var arrayCounts: [String: Int] = [:]
        var number = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let line = rawLine.trimmed(of: " \t\r")
            if line.hasPrefix("[[") {
                guard let keys = Self.keys(in: line.dropFirst(2).prefix { $0 != "]" }) else { continue }
                let path = keys.joined(separator: ".")
                let index = arrayCounts[path, default: 0]
                arrayCounts[path] = index + 1
                current = keys
                current[current.count - 1] += "[\(index)]"
                record(current, line: number)
            } else if line.hasPrefix("[") {
                guard let keys = Self.keys(in: line.dropFirst().prefix { $0 != "]" }) else { continue }
                current = keys.map { key in key }
                // A sub-table of an array of tables belongs to its latest element.
                var resolved: [String] = []
                for key in keys {
                    resolved.append(key)
                    let path = resolved.joined(separator: ".")
                    if let count = arrayCounts[path], resolved.count < keys.count {
                        resolved[resolved.count - 1] += "[\(count - 1)]"
                    }
                }
                current = resolved
                record(current, line: number)
            } else if !line.hasPrefix("#"), let equals = Self.equalsIndex(in: line),
                let keys = Self.keys(in: line[..<equals])
            {
                record(current + keys, line: number)
            }
        }
    }

    /// The line of a key path, or of its nearest enclosing table that has one.
    func line(of keyPath: String) -> Int? {
        var path = keyPath
        while !path.isEmpty {
            if let line = lines[path] { return line }
            guard let dot = path.lastIndex(of: ".") else { return nil }
            path = String(path[..<dot])
        }
        return nil
    }

    private mutating func record(_ keys: [String], line: Int) {
        var path = ""
        for key in keys {
            path += path.isEmpty ? key : ".\(key)"
            if lines[path] == nil { lines[path] = line }
        }
    }

    /// The `=` that ends a key, outside quotes.
    private static func equalsIndex(in line: String) -> String.Index? {
        var quote: Character?
        for index in line.indices {
            let character = line[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "=" {
                return index
            }
        }
        return nil
    }

    /// A dotted TOML key (`a."b.c".d`) as its parts, or `nil` when it is not one.
    private static func keys<S: StringProtocol>(in text: S) -> [String]? {
        var keys: [String] = []
        var current = ""
        var quote: Character?
        var quoted = false
        for character in text {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
                quoted = true
            } else if character == "." {
                keys.append(quoted ? current : current.trimmed(of: " \t"))
                current = ""
                quoted = false
            } else if character != " " && character != "\t" {
                current.append(character)
            }
        }
        keys.append(current)
        return keys.contains(where: \.isEmpty) ? nil : keys
    }
}

extension StringProtocol {
    fileprivate func trimmed(of set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
