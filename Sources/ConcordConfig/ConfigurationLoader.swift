import CatalogModel
import Foundation
import Reconcile
import TOMLKit

/// Finds and reads `concord.toml`, checking every key so that a typo is an error, not a silent default.
public enum ConfigurationLoader {
    /// The file name looked for in the working directory.
    public static let defaultFileName = "concord.toml"

    /// Where the configuration comes from: `--config`, then `CONCORD_CONFIG`, then `./concord.toml`.
    /// - Returns: the path, or `nil` when none is given and no `concord.toml` exists here.
    public static func locate(explicit: String?, environment: [String: String], currentDirectory: String) -> String? {
        if let explicit { return explicit }
        if let fromEnvironment = environment["CONCORD_CONFIG"], !fromEnvironment.isEmpty { return fromEnvironment }
        let candidate = (currentDirectory as NSString).appendingPathComponent(defaultFileName)
        return FileManager.default.fileExists(atPath: candidate) ? candidate : nil
    }

    /// Reads and validates the configuration file at `path`.
    public static func load(path: String) throws(ConfigurationError) -> ConcordConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(file: path, message: "cannot read the file; check the path given with --config or CONCORD_CONFIG")
        }
        var configuration = try parse(String(decoding: data, as: UTF8.self), file: path)
        configuration.path = path
        return configuration
    }

    /// Parses configuration text; `file` only names the source in errors.
    public static func parse(_ text: String, file: String? = nil) throws(ConfigurationError) -> ConcordConfiguration {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigurationError(file: file, line: error.source.begin.line, message: "not valid TOML: \(error.description)")
        } catch {
            throw ConfigurationError(file: file, message: "not valid TOML: \(error)")
        }
        var reader = TableReader(table: root, path: "", file: file, locator: KeyLineLocator(text: text))
        var configuration = ConcordConfiguration()
        // Every section is read even after one is wrong, so that a file with several mistakes
        // is reported whole, each with its line, rather than one fix and one run at a time.
        var problems: [ConfigurationError] = []
        func section(_ body: () throws(ConfigurationError) -> Void) {
            do throws(ConfigurationError) { try body() } catch { problems.append(error) }
        }
        section { () throws(ConfigurationError) in
            guard let catalog = try reader.table("catalog") else { return }
            var catalogReader = catalog
            if let currency = try catalogReader.string("currency") {
                guard let code = CurrencyCode(currency) else {
                    throw catalogReader.error("currency", "\"\(currency)\" is not a three-letter ISO 4217 code such as EUR")
                }
                configuration.currency = code
            }
            configuration.database = try catalogReader.string("database")
            configuration.credentialsFile = try catalogReader.string("credentials_file")
            try catalogReader.rejectUnknownKeys()
        }
        section { () throws(ConfigurationError) in
            guard let audit = try reader.table("audit") else { return }
            configuration.audit = try auditSettings(reader: audit)
        }
        var stores: TableReader?
        section { () throws(ConfigurationError) in stores = try reader.table("stores") }
        if let stores {
            for id in stores.table.keys.sorted() {
                section { () throws(ConfigurationError) in
                    var storeReader = stores
                    guard let table = try storeReader.table(id) else { return }
                    configuration.stores.append(try store(id: id, reader: table))
                }
            }
        }
        section { () throws(ConfigurationError) in try reader.rejectUnknownKeys() }
        if var first = problems.first {
            first.more = Array(problems.dropFirst())
            throw first
        }
        return configuration
    }

    /// `[audit]`: `sla` and `stale_after` as durations (`"48h"`, `"2d"`), `fail_under` as a percentage.
    static func auditSettings(reader: TableReader) throws(ConfigurationError) -> AuditSettings {
        var reader = reader
        var settings = AuditSettings()
        for (key, path) in [("sla", \AuditSettings.slaHours), ("stale_after", \AuditSettings.staleAfterHours)] {
            guard reader.table[key] != nil else { continue }
            if reader.table[key]?.int != nil, reader.table[key]?.bool == nil {
                throw reader.error(key, "write the unit too, as a quoted duration: \(key) = \"48h\" or \"2d\"")
            }
            guard let text = try reader.string(key) else { continue }
            guard let hours = AuditSettings.hours(text) else {
                throw reader.error(key, "\"\(text)\" is not a duration; write whole hours or days, e.g. \(key) = \"48h\" or \"2d\"")
            }
            settings[keyPath: path] = hours
        }
        settings.failUnder = try reader.percent("fail_under")
        try reader.rejectUnknownKeys()
        return settings
    }

    static func store(id: String, reader: TableReader) throws(ConfigurationError) -> StoreConfiguration {
        var reader = reader
        guard id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw ConfigurationError(file: reader.file, keyPath: reader.path, message: "a store id may use letters, digits, - and _ only")
        }
        for secretKey in ["token", "key", "secret", "password", "access_token", "consumer_key", "consumer_secret", "webhook_secret"]
        where reader.table[secretKey] != nil {
            throw reader.error(
                secretKey,
                "secrets never go in concord.toml: put the value in an environment variable (or the 0600 credentials file) and name it with \(secretKey == "token" || secretKey == "access_token" ? "token_env" : secretKey == "webhook_secret" ? "webhook_secret_env" : secretKey.contains("secret") ? "secret_env" : secretKey.contains("key") ? "key_env" : "password_env")"
            )
        }
        let platformText = try reader.requiredString("platform")
        guard let platform = Platform(rawValue: platformText.lowercased()) else {
            throw reader.error(
                "platform",
                "\"\(platformText)\" is not a platform Concord knows; use one of \(Platform.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        let urlText = try reader.requiredString("url")
        guard let url = URL(string: urlText), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            url.host != nil
        else { throw reader.error("url", "\"\(urlText)\" is not an http(s) URL such as https://shop.example.com") }
        if scheme == "http" && !URL.isLoopbackHost(url.host) {
            throw reader.error(
                "url",
                "plain http is allowed only for this machine (the simulator; \(Loopback.rule)), and \(url.host ?? "") is not it: credentials would cross the network in clear; use https://\(url.host ?? "")"
            )
        }
        var credentials = CredentialNames()
        credentials.tokenEnv = try reader.envName("token_env")
        credentials.keyEnv = try reader.envName("key_env")
        credentials.secretEnv = try reader.envName("secret_env")
        credentials.usernameEnv = try reader.envName("username_env")
        credentials.passwordEnv = try reader.envName("password_env")
        credentials.webhookSecretEnv = try reader.envName("webhook_secret_env")
        // A misspelt credential key (`tokn_env`) is the likelier mistake than a missing one: name it.
        let missing =
            switch platform {
            case .shopify: credentials.tokenEnv == nil
            case .woocommerce: credentials.keyEnv == nil || credentials.secretEnv == nil
            case .magento: credentials.tokenEnv == nil && (credentials.usernameEnv == nil || credentials.passwordEnv == nil)
            }
        if missing { try reader.rejectUnknownKeys(endingWith: "_env") }
        switch platform {
        case .shopify where credentials.tokenEnv == nil:
            throw reader.error("token_env", "a Shopify store needs token_env, the name of the variable holding its Admin API access token")
        case .woocommerce where credentials.keyEnv == nil || credentials.secretEnv == nil:
            throw reader.error(
                credentials.keyEnv == nil ? "key_env" : "secret_env",
                "a WooCommerce store needs key_env and secret_env, the names of the variables holding its REST API consumer key and secret")
        case .magento where credentials.tokenEnv == nil && (credentials.usernameEnv == nil || credentials.passwordEnv == nil):
            throw reader.error(
                "token_env", "a Magento store needs token_env (an integration token) or username_env and password_env (an admin user)")
        default: break
        }
        var store = StoreConfiguration(id: StoreID(id), platform: platform, url: url, credentials: credentials)
        store.apiVersion = try reader.string("api_version")
        store.storeCode = try reader.string("store_code")
        if let buffer = try reader.int("stock_buffer") {
            guard buffer >= 0 else { throw reader.error("stock_buffer", "must be zero or more units") }
            store.stockBuffer = buffer
        }
        if let fields = try reader.stringArray("managed_fields") {
            store.managedFields = try fields.map { name throws(ConfigurationError) in
                guard let field = ManagedField(rawValue: name) else {
                    throw reader.error("managed_fields", "\"\(name)\" is not a field Concord manages; use \(Self.fieldNames)")
                }
                return field
            }
        }
        if let locations = try reader.table("locations") {
            var locationReader = locations
            for key in locations.table.keys.sorted() {
                if locations.table[key]?.array != nil {
                    guard let codes = try locationReader.stringArray(key), !codes.isEmpty else {
                        throw locationReader.error(key, "name at least one catalog location code, like [\"main\", \"berlin\"]")
                    }
                    guard Set(codes).count == codes.count else {
                        throw locationReader.error(key, "names a catalog location twice; list each once, highest priority first")
                    }
                    store.locationFeeds[key] = codes
                } else {
                    guard locations.table[key]?.string != nil else {
                        throw locationReader.error(
                            key, "must be a catalog location code (\"main\") or a list of them ([\"main\", \"berlin\"])")
                    }
                    store.locations[key] = try locationReader.requiredString(key)
                }
            }
        }
        if let buffers = try reader.table("stock_buffers") {
            var bufferReader = buffers
            for key in buffers.table.keys.sorted() {
                guard let sku = SKU(key) else { throw bufferReader.error(key, "a SKU cannot be empty") }
                guard let units = try bufferReader.int(key), units >= 0 else {
                    throw bufferReader.error(key, "must be zero or more units")
                }
                store.stockBuffers[sku] = units
            }
        }
        store.storeEditPolicies = try fieldPolicies("store_edit_policy", reader: &reader)
        // `stock_policy`: what an unexplained difference in the store's stock count is (an edit in
        // its admin, once its own orders are accounted for): overwritten, adopted, or reviewed.
        if let stockPolicy = try reader.string("stock_policy") {
            guard let policy = StoreConfiguration.stockPolicies[stockPolicy] else {
                throw reader.error(
                    "stock_policy",
                    "\"\(stockPolicy)\" is not a stock policy; use canonical (overwrite an edit in the store's admin), adopt (book it as a ledger adjustment) or review (ask a person)"
                )
            }
            store.storeEditPolicies[.stock] = policy
        }
        store.firstSyncPolicies = try fieldPolicies("first_sync_policy", reader: &reader)
        if let rules = try reader.table("rules") {
            store.ruleSettings = try ruleSettings(reader: rules, prefix: "")
        }
        if let allocation = try reader.table("allocation") {
            store.allocation = try allocationPolicy(reader: allocation)
        }
        if let rule = try reader.table("price_rule") {
            store.priceRule = try priceRule(reader: rule)
        }
        if let asyncBulk = try reader.bool("magento_async_bulk") {
            guard platform == .magento else {
                throw reader.error(
                    "magento_async_bulk", "applies to Magento stores only; remove it from this \(platform.displayName) store")
            }
            store.magentoAsyncBulk = asyncBulk
        }
        try reader.rejectUnknownKeys()
        return store
    }

    /// `[stores.<id>.store_edit_policy]` or `[stores.<id>.first_sync_policy]`: field → policy.
    static func fieldPolicies(_ key: String, reader: inout TableReader) throws(ConfigurationError) -> [ManagedField: ConflictPolicy] {
        guard let table = try reader.table(key) else { return [:] }
        var tableReader = table
        var policies: [ManagedField: ConflictPolicy] = [:]
        for name in table.table.keys.sorted() {
            guard let field = ManagedField(rawValue: name) else {
                throw tableReader.error(name, "is not a field Concord manages; use \(Self.fieldNames)")
            }
            let value = try tableReader.requiredString(name)
            guard let policy = field == .stock && value == "adopt" ? .store : ConflictPolicy(rawValue: value) else {
                throw tableReader.error(
                    name,
                    "\"\(value)\" is not a policy; use canonical (push the catalog's value), store (take the store's) or review (ask a person)"
                )
            }
            policies[field] = policy
        }
        return policies
    }

    /// Every field Concord manages, for messages.
    static var fieldNames: String { ManagedField.allCases.map(\.rawValue).joined(separator: ", ") }

    /// `[stores.<id>.rules]`: rule code → `off` or a severity. A dotted key written without quotes
    /// (`listing.no-image = "off"`) reads as a nested table, and is taken as the code it spells.
    static func ruleSettings(reader: TableReader, prefix: String) throws(ConfigurationError) -> [FindingCode: RuleSetting] {
        var reader = reader
        var settings: [FindingCode: RuleSetting] = [:]
        for key in reader.table.keys.sorted() {
            if let nested = try reader.nestedTable(key) {
                settings.merge(try ruleSettings(reader: nested, prefix: prefix + key + "."), uniquingKeysWith: { _, last in last })
                continue
            }
            let level = try reader.requiredString(key)
            let setting: RuleSetting
            switch level {
            case "off": setting = .off
            case "info": setting = .severity(.info)
            case "warning": setting = .severity(.warning)
            case "error": setting = .severity(.error)
            default: throw reader.error(key, "\"\(level)\" is not a rule level; use off, info, warning or error")
            }
            settings[try rule(named: prefix + key, reader: reader, key: key).code] = setting
        }
        return settings
    }

    /// The rule a `[stores.<id>.rules]` key names: the full code, or the part after the dot when
    /// only one rule has it (`price-below-cost`); refused, with the line, when it names none, or
    /// several, or a rule that decides what is written.
    static func rule(named code: String, reader: TableReader, key: String) throws(ConfigurationError) -> FindingRule {
        let candidates = FindingRule.all.filter { rule in
            rule.code.rawValue == code || rule.code.rawValue.split(separator: ".").dropFirst().joined(separator: ".") == code
        }
        guard candidates.count == 1, let rule = candidates.first else {
            let known = FindingRule.all.filter(\.isConfigurable).map(\.code.rawValue)
            throw reader.error(
                key,
                candidates.isEmpty
                    ? "\"\(code)\" is not a rule Concord knows; use one of \(known.joined(separator: ", "))"
                    : "\"\(code)\" could mean \(candidates.map(\.code.rawValue).joined(separator: " or ")); write the full code")
        }
        guard rule.isConfigurable else {
            throw reader.error(
                key,
                "\(rule.code) decides what is written and cannot be switched off; change the field's store_edit_policy or first_sync_policy instead"
            )
        }
        return rule
    }

    /// `[stores.<id>.allocation]` with its `[[stores.<id>.allocation.overrides]]`.
    static func allocationPolicy(reader: TableReader) throws(ConfigurationError) -> AllocationPolicy {
        var reader = reader
        var policy = AllocationPolicy()
        policy.rule = try allocationRule(reader: &reader)
        if let overrides = try reader.tableArray("overrides") {
            for var overrideReader in overrides {
                let skus = try overrideReader.stringArray("skus")
                let types = try overrideReader.stringArray("product_types")
                let tags = try overrideReader.stringArray("tags")
                let scopes = [skus, types, tags].compactMap { $0 }
                guard scopes.count == 1, let names = scopes.first, !names.isEmpty else {
                    throw ConfigurationError(
                        file: overrideReader.file, keyPath: overrideReader.path, line: overrideReader.line(of: nil),
                        message:
                            "an override names exactly one of skus, product_types or tags (a non-empty list); write one override per kind")
                }
                let scope: AllocationOverride.Scope
                if skus != nil {
                    var set = Set<SKU>()
                    for name in names {
                        guard let sku = SKU(name) else { throw overrideReader.error("skus", "a SKU cannot be empty") }
                        set.insert(sku)
                    }
                    scope = .skus(set)
                } else if types != nil {
                    scope = .productTypes(Set(names))
                } else {
                    scope = .tags(Set(names))
                }
                let rule = try allocationRule(reader: &overrideReader)
                try overrideReader.rejectUnknownKeys()
                guard !rule.isEmpty else {
                    throw ConfigurationError(
                        file: overrideReader.file, keyPath: overrideReader.path, line: overrideReader.line(of: nil),
                        message: "the override changes nothing; give it share, maximum, minimum, fixed, locations or oversell_allowed")
                }
                policy.overrides.append(AllocationOverride(scope: scope, rule: rule))
            }
        }
        try reader.rejectUnknownKeys()
        return policy
    }

    /// The rule settings of an allocation table or override (unknown keys are left to the caller).
    static func allocationRule(reader: inout TableReader) throws(ConfigurationError) -> AllocationRule {
        var rule = AllocationRule()
        rule.shareBasisPoints = try reader.share("share")
        for (key, path) in [("maximum", \AllocationRule.maximum), ("minimum", \AllocationRule.minimum), ("fixed", \AllocationRule.fixed)] {
            if let value = try reader.int(key) {
                guard value >= 0 else { throw reader.error(key, "must be zero or more units") }
                rule[keyPath: path] = value
            }
        }
        if rule.fixed != nil, rule.shareBasisPoints != nil {
            throw reader.error("fixed", "a fixed quantity and a share exclude each other; keep one")
        }
        if let locations = try reader.stringArray("locations") {
            guard !locations.isEmpty else { throw reader.error("locations", "name at least one catalog location, highest priority first") }
            guard Set(locations).count == locations.count else { throw reader.error("locations", "names a location twice; list each once") }
            rule.locations = locations
        }
        rule.oversellAllowed = try reader.bool("oversell_allowed")
        return rule
    }

    static func priceRule(reader: TableReader) throws(ConfigurationError) -> PriceRule {
        var reader = reader
        var rule = PriceRule()
        if let multiplier = try reader.decimal("multiplier") {
            guard multiplier > 0 else { throw reader.error("multiplier", "must be greater than zero") }
            rule.multiplier = multiplier
        }
        if let markup = try reader.decimal("markup") { rule.markup = markup }
        if let ending = try reader.string("round_to") {
            let digits = ending.hasPrefix(".") ? String(ending.dropFirst()) : ending
            guard digits.count == 2, let cents = Int(digits) else {
                throw reader.error("round_to", "\"\(ending)\" is not an ending such as \".99\", \".95\" or \".00\"")
            }
            rule.endingCents = cents
        }
        if let currency = try reader.string("currency") {
            guard let code = CurrencyCode(currency) else {
                throw reader.error("currency", "\"\(currency)\" is not a three-letter ISO 4217 code")
            }
            rule.currency = code
        }
        try reader.rejectUnknownKeys()
        return rule
    }
}

/// Reads typed values out of one TOML table, remembering which keys were read so that the rest
/// can be reported as unknown (a misspelt `tokn_env` must not silently fall back to nothing).
struct TableReader {
    let table: TOMLTable
    let path: String
    let file: String?
    let locator: KeyLineLocator?
    private var seen: Set<String> = []

    init(table: TOMLTable, path: String, file: String?, locator: KeyLineLocator? = nil) {
        self.table = table
        self.path = path
        self.file = file
        self.locator = locator
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The line of a key of this table (or of the table itself, for `nil`).
    func line(of key: String?) -> Int? { locator?.line(of: key.map(keyPath) ?? path) }

    func error(_ key: String, _ message: String) -> ConfigurationError {
        ConfigurationError(file: file, keyPath: keyPath(key), line: line(of: key), message: message)
    }

    mutating func bool(_ key: String) throws(ConfigurationError) -> Bool? {
        seen.insert(key)
        guard let value = table[key] else { return nil }
        guard let flag = value.bool else { throw error(key, "must be true or false") }
        return flag
    }

    /// A share such as `"60%"`, `"62.5%"` or `60` (percent), in basis points. Floats are refused:
    /// `0.6` could mean 0.6 % or 60 %, and binary floats round.
    mutating func share(_ key: String) throws(ConfigurationError) -> Int? {
        seen.insert(key)
        guard let value = table[key] else { return nil }
        var points: Int?
        if let percent = value.int, value.bool == nil {
            points = percent.multipliedReportingOverflow(by: 100).overflow ? nil : percent * 100
        } else if let text = value.string {
            var body = text.trimmingWhitespace()
            if body.hasSuffix("%") { body.removeLast() }
            let parts = body.split(separator: ".", omittingEmptySubsequences: false)
            if parts.count <= 2, let whole = Int(parts[0]), whole >= 0, parts[0].allSatisfy(\.isNumber) {
                if parts.count == 1 {
                    points = whole.multipliedReportingOverflow(by: 100).overflow ? nil : whole * 100
                } else if (1...2).contains(parts[1].count), parts[1].allSatisfy(\.isNumber), let fraction = Int(parts[1]) {
                    points = whole * 100 + (parts[1].count == 1 ? fraction * 10 : fraction)
                }
            }
        }
        guard let points else {
            throw error(
                key, "write a percentage as a quoted string or a whole number, e.g. \(key) = \"60%\" or \"62.5%\" (TOML floats are inexact)"
            )
        }
        guard (0...10_000).contains(points) else {
            throw error(key, "must be between 0% and 100%; to let stores overlap, give each its share and set oversell_allowed = true")
        }
        return points
    }

    /// A percentage from 0 to 100 as a quoted decimal (`"98.5"`, `"98.5%"`) or a whole number
    /// (`99`). Floats are refused, as for ``decimal(_:)``: TOML floats are binary and inexact.
    mutating func percent(_ key: String) throws(ConfigurationError) -> Decimal? {
        seen.insert(key)
        guard let value = table[key] else { return nil }
        var percent: Decimal?
        if let number = value.int, value.bool == nil {
            percent = Decimal(number)
        } else if let text = value.string {
            var body = text.trimmingWhitespace()
            if body.hasSuffix("%") { body.removeLast() }
            let parts = body.split(separator: ".", omittingEmptySubsequences: false)
            if !body.isEmpty, parts.count <= 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) {
                percent = Decimal(string: body, locale: Locale(identifier: "en_US_POSIX"))
            }
        }
        guard let percent else {
            throw error(key, "write a percentage as a quoted decimal or a whole number, e.g. \(key) = \"98.5\" (TOML floats are inexact)")
        }
        guard percent >= 0, percent <= 100 else { throw error(key, "must be a percentage from 0 to 100, e.g. \(key) = \"98.5\"") }
        return percent
    }

    /// A sub-table written with a dotted key, or `nil` when the value is not a table.
    mutating func nestedTable(_ key: String) throws(ConfigurationError) -> TableReader? {
        guard table[key]?.table != nil else { return nil }
        return try self.table(key)
    }

    /// An array of tables (`[[a.b]]`), each element a reader with its index in the key path.
    mutating func tableArray(_ key: String) throws(ConfigurationError) -> [TableReader]? {
        seen.insert(key)
        guard let value = table[key] else { return nil }
        guard let array = value.array else { throw error(key, "must be a list of tables ([[\(keyPath(key))]])") }
        var readers: [TableReader] = []
        for (index, element) in array.enumerated() {
            guard let nested = element.table else { throw error(key, "must be a list of tables ([[\(keyPath(key))]])") }
            readers.append(TableReader(table: nested, path: "\(keyPath(key))[\(index)]", file: file, locator: locator))
        }
        return readers
    }

    mutating func string(_ key: String) throws(ConfigurationError) -> String? {
        seen.insert(key)
        guard let value = table[key] else { return nil }
        guard let text = value.string else { throw error(key, "must be a string, in double quotes") }
        return text
    }

    mutating func requiredString(_ key: String) throws(ConfigurationError) -> String {
        guard let value = try string(key) else { throw error(key, "is required") }
        return value
    }

    mutating func envName(_ key: String) throws(ConfigurationError) -> String? {
        guard let name = try string(key) else { return nil }
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }),
            !(name.first?.isNumber ?? true)
        else {
            throw error(key, "must be the NAME of an environment variable (like SHOP_MAIN_TOKEN), not the secret itself")
        }
        if Self.looksLikeCredential(name) {
            throw error(
                key,
                "looks like a credential itself, not the name of a variable holding one (the value is not shown here); put it in an environment variable or the credentials file, e.g. SHOP_MAIN_TOKEN=…, and write \(key) = \"SHOP_MAIN_TOKEN\"; then revoke the pasted one, it is in this file"
            )
        }
        return name
    }

    /// A value pasted where a variable's name belongs: a platform's credential prefix (Shopify
    /// `shpat_`, `shpca_`, `shppa_`, `shpss_`; WooCommerce `ck_`, `cs_`), or a long run of mixed
    /// letters and digits, which no one names a variable.
    static func looksLikeCredential(_ name: String) -> Bool {
        let lowered = name.lowercased()
        if ["shpat_", "shpca_", "shppa_", "shpss_", "ck_", "cs_", "whsec_"].contains(where: { lowered.hasPrefix($0) }) { return true }
        let hasLower = name.contains { $0.isLowercase }
        let hasUpper = name.contains { $0.isUppercase }
        let digits = name.filter(\.isNumber).count
        if name.count >= 20, !name.contains("_"), digits >= 3, digits < name.count { return true }
        return name.count >= 24 && hasLower && hasUpper && digits >= 4
    }

    mutating func int(_ key: String) throws(ConfigurationError) -> Int? {
        seen.insert(key)
        guard let value = table[key] else { return nil }
        guard let number = value.int else { throw error(key, "must be a whole number") }
        return number
    }

    /// A decimal written as a string (`"1.10"`) or an integer; TOML floats are refused because they
    /// are binary and cannot hold 1.10 exactly.
    mutating func decimal(_ key: String) throws(ConfigurationError) -> Decimal? {
        seen.insert(key)
        guard let value = table[key] else { return nil }
        if let number = value.int { return Decimal(number) }
        if let text = value.string,
            text.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }),
            let decimal = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
        {
            return decimal
        }
        throw error(key, "write it as a quoted decimal, e.g. \(key) = \"1.10\" (TOML floats are inexact)")
    }

    mutating func stringArray(_ key: String) throws(ConfigurationError) -> [String]? {
        seen.insert(key)
        guard let value = table[key] else { return nil }
        guard let array = value.array else { throw error(key, "must be a list of strings, like [\"stock\", \"price\"]") }
        var result: [String] = []
        for element in array {
            guard let text = element.string else { throw error(key, "must be a list of strings") }
            result.append(text)
        }
        return result
    }

    mutating func table(_ key: String) throws(ConfigurationError) -> TableReader? {
        seen.insert(key)
        guard let value = table[key] else { return nil }
        guard let nested = value.table else { throw error(key, "must be a table ([\(keyPath(key))])") }
        return TableReader(table: nested, path: keyPath(key), file: file, locator: locator)
    }

    func rejectUnknownKeys(endingWith suffix: String = "") throws(ConfigurationError) {
        for key in table.keys.sorted() where !seen.contains(key) && key.hasSuffix(suffix) {
            throw error(key, "is not a setting Concord knows; check the spelling against the README's configuration reference")
        }
    }
}
