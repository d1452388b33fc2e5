import CatalogModel
import ConcordConfig
import Reconcile

extension StorePolicy {
    /// The reconcile policy a store's `concord.toml` table describes.
    ///
    /// - Parameters:
    ///   - configuration: The store's table.
    ///   - storeLocations: The locations the store reported (ids and names).
    ///   - catalogLocations: The catalog's locations.
    /// - Returns: The policy. Store locations come from `[stores.<id>.locations]` when it is given;
    ///   otherwise each store location is matched to the catalog location of the same name, which
    ///   is how a store seeded from the catalog (and the simulator) names them. Field policies,
    ///   per-SKU buffers, rule levels and allocation rules are taken as written; settings that
    ///   ``validate(_:file:)`` would refuse are left out here (validate first).
    public init(configuration: StoreConfiguration, storeLocations: [Location], catalogLocations: [Location]) {
        var locationMap = configuration.locations
        if locationMap.isEmpty && configuration.locationFeeds.isEmpty {
            let codeByName = Dictionary(catalogLocations.map { ($0.name.lowercased(), $0.code) }, uniquingKeysWith: { first, _ in first })
            for location in storeLocations {
                if let code = codeByName[location.name.lowercased()] { locationMap[location.code] = code }
            }
        }
        self.init(
            store: configuration.id,
            managedFields: Set(configuration.managedFields.compactMap(ManagedField.init(rawValue:))),
            storeEditPolicy: Self.fieldPolicies(configuration.storeEditPolicies),
            firstSyncPolicy: Self.fieldPolicies(configuration.firstSyncPolicies),
            stockBuffer: configuration.stockBuffer,
            skuStockBuffers: configuration.stockBuffers,
            locationMap: locationMap,
            locationFeeds: configuration.locationFeeds,
            allocation: configuration.allocation,
            priceRule: configuration.priceRule ?? PriceRule(),
            ruleSettings: Dictionary(
                configuration.ruleSettings.compactMap { entry in
                    (try? Self.ruleSetting(entry, file: nil)).map { ($0.rule.code, $0.setting) }
                }, uniquingKeysWith: { _, last in last })
        )
    }

    /// Checks what `concord.toml` can only check against Concord's rule catalogue: every code in
    /// `[stores.<id>.rules]` names a rule that can be switched off or re-levelled.
    ///
    /// - Throws: ``ConfigurationError`` with the key path and line of the first bad entry.
    public static func validate(_ configuration: StoreConfiguration, file: String?) throws(ConfigurationError) {
        for entry in configuration.ruleSettings { _ = try ruleSetting(entry, file: file) }
    }

    /// The same for every store of a configuration.
    public static func validate(_ configuration: ConcordConfiguration) throws(ConfigurationError) {
        for store in configuration.stores { try validate(store, file: configuration.path) }
    }

    static func fieldPolicies(_ policies: [String: String]) -> [ManagedField: ConflictPolicy] {
        var result: [ManagedField: ConflictPolicy] = [:]
        for (field, policy) in policies {
            if let field = ManagedField(rawValue: field), let policy = ConflictPolicy(rawValue: policy) { result[field] = policy }
        }
        return result
    }

    /// Resolves one `[stores.<id>.rules]` entry: the full code, or the part after the dot when
    /// only one rule has it (`price-below-cost`).
    static func ruleSetting(_ entry: RuleSettingEntry, file: String?) throws(ConfigurationError) -> (rule: FindingRule, setting: RuleSetting) {
        let candidates = FindingRule.all.filter { rule in
            rule.code.rawValue == entry.code || rule.code.rawValue.split(separator: ".").dropFirst().joined(separator: ".") == entry.code
        }
        guard candidates.count == 1, let rule = candidates.first else {
            let known = FindingRule.all.filter(\.isConfigurable).map(\.code.rawValue)
            let message =
                candidates.isEmpty
                ? "\"\(entry.code)\" is not a rule Concord knows; use one of \(known.joined(separator: ", "))"
                : "\"\(entry.code)\" could mean \(candidates.map(\.code.rawValue).joined(separator: " or ")); write the full code"
            throw ConfigurationError(file: file, keyPath: entry.keyPath, line: entry.line, message: message)
        }
        guard rule.isConfigurable else {
            throw ConfigurationError(
                file: file, keyPath: entry.keyPath, line: entry.line,
                message: "\(rule.code) decides what is written and cannot be switched off; change the field's store_edit_policy or first_sync_policy instead")
        }
        let setting: RuleSetting =
            switch entry.level {
            case "off": .off
            case "info": .severity(.info)
            case "warning": .severity(.warning)
            default: .severity(.error)
            }
        return (rule, setting)
    }
}
