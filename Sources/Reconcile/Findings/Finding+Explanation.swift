import CatalogModel

extension Finding {
    /// One line saying what was found, with the values, built on demand.
    public var explanation: String {
        let summary = rule?.summary ?? code.rawValue
        var subject = ""
        if let sku {
            subject = sku.rawValue
        } else if let storeSKU {
            subject = storeSKU.isEmpty ? "listing \(ref?.variantID ?? "?")" : "\"\(storeSKU)\""
        } else if let ref {
            subject = "listing \(ref.variantID)"
        }
        if let field { subject += subject.isEmpty ? field.key : " \(field.key)" }
        var values: [String] = []
        if let canonical { values.append("catalog \(canonical)") }
        if let storeValue { values.append("store \(storeValue)") }
        if let base { values.append("last synced \(base)") }
        if let units { values.append(code == .oversellRisk || code == .channelsOversell ? "\(units) units over" : "\(units)") }
        if !related.isEmpty { values.append("see " + related.map(\.rawValue).joined(separator: ", ")) }
        if let note { values.append(note) }
        var line = subject.isEmpty ? summary : "\(subject): \(summary)"
        if !values.isEmpty { line += " (" + values.joined(separator: "; ") + ")" }
        return line
    }
}
