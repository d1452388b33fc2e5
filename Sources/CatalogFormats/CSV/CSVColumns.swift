import CatalogModel

/// Finds columns by header name, ignoring case and surrounding spaces as spreadsheet users do.
struct CSVColumns {
    private var indexByName: [String: Int] = [:]

    init(header: [String]) {
        for (index, name) in header.enumerated() {
            let key = name.trimmingWhitespace().lowercased()
            if indexByName[key] == nil { indexByName[key] = index }
        }
    }

    func index(of name: String) -> Int? { indexByName[name.lowercased()] }

    func contains(_ name: String) -> Bool { index(of: name) != nil }

    /// The cell of `record` under `name`, or `""` when the column is absent.
    func value(_ name: String, in record: CSVTable.Record) -> String {
        guard let index = index(of: name), index < record.cells.count else { return "" }
        return record.cells[index]
    }
}
