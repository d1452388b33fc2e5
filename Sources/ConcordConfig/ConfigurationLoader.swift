import CatalogModel
import Foundation
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
        var reader = TableReader(table: root, path: "", file: file)
        var configuration = ConcordConfiguration()
        if let catalog = try reader.table("catalog") {
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
        if let stores = try reader.table("stores") {
            for id in stores.table.keys.sorted() {
                var storeReader = stores
                guard let table = try storeReader.table(id) else { continue }
                configuration.stores.append(try store(id: id, reader: table))
            }
        }
        try reader.rejectUnknownKeys()
        return configuration
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
                "secrets never go in concord.toml: put the value in an environment variable (or the 0600 credentials file) and name it with \(secretKey == "token" || secretKey == "access_token" ? "token_env" : secretKey == "webhook_secret" ? "webhook_secret_env" : secretKey.contains("secret") ? "secret_env" : secretKey.contains("key") ? "key_env" : "password_env")")
        }
        let platformText = try reader.requiredString("platform")
        guard let platform = Platform(rawValue: platformText.lowercased()) else {
            throw reader.error("platform", "\"\(platformText)\" is not a platform Concord knows; use one of \(Platform.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let urlText = try reader.requiredString("url")
        guard let url = URL(string: urlText), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            url.host != nil
        else { throw reader.error("url", "\"\(urlText)\" is not an http(s) URL such as https://shop.example.com") }
        if scheme == "http" && !URL.isLoopbackHost(url.host) {
            throw reader.error("url", "plain http is allowed only for this machine (the simulator); use https://\(url.host ?? "")")
        }
        var credentials = CredentialNames()
        credentials.tokenEnv = try reader.envName("token_env")
        credentials.keyEnv = try reader.envName("key_env")
        credentials.secretEnv = try reader.envName("secret_env")
        credentials.usernameEnv = try reader.envName("username_env")
        credentials.passwordEnv = try reader.envName("password_env")
        credentials.webhookSecretEnv = try reader.envName("webhook_secret_env")
        switch platform {
        case .shopify where credentials.tokenEnv == nil:
            throw reader.error("token_env", "a Shopify store needs token_env, the name of the variable holding its Admin API access token")
        case .woocommerce where credentials.keyEnv == nil || credentials.secretEnv == nil:
            throw reader.error(credentials.keyEnv == nil ? "key_env" : "secret_env", "a WooCommerce store needs key_env and secret_env, the names of the variables holding its REST API consumer key and secret")
        case .magento where credentials.tokenEnv == nil && (credentials.usernameEnv == nil || credentials.passwordEnv == nil):
            throw reader.error("token_env", "a Magento store needs token_env (an integration token) or username_env and password_env (an admin user)")
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
            for field in fields where !StoreConfiguration.allManagedFields.contains(field) {
                throw reader.error("managed_fields", "\"\(field)\" is not a field Concord manages; use \(StoreConfiguration.allManagedFields.joined(separator: ", "))")
            }
            store.managedFields = fields
        }
        if let locations = try reader.table("locations") {
            var locationReader = locations
            for key in locations.table.keys.sorted() {
                store.locations[key] = try locationReader.requiredString(key)
            }
        }
        if let rule = try reader.table("price_rule") {
            store.priceRule = try priceRule(reader: rule)
        }
        try reader.rejectUnknownKeys()
        return store
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
            guard let code = CurrencyCode(currency) else { throw reader.error("currency", "\"\(currency)\" is not a three-letter ISO 4217 code") }
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
    private var seen: Set<String> = []

    init(table: TOMLTable, path: String, file: String?) {
        self.table = table
        self.path = path
        self.file = file
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func error(_ key: String, _ message: String) -> ConfigurationError {
        ConfigurationError(file: file, keyPath: keyPath(key), message: message)
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
        return name
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
        return TableReader(table: nested, path: keyPath(key), file: file)
    }

    func rejectUnknownKeys() throws(ConfigurationError) {
        for key in table.keys.sorted() where !seen.contains(key) {
            throw error(key, "is not a setting Concord knows; check the spelling against the README's configuration reference")
        }
    }
}
