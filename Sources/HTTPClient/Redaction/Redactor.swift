import CatalogModel
import Foundation

/// Replaces credentials in URLs, headers, bodies and free text with `<redacted>`.
///
/// Storefront credentials travel in many places: headers (`X-Shopify-Access-Token`,
/// `Authorization`), query strings (WooCommerce's `consumer_key`/`consumer_secret` and OAuth 1.0a
/// `oauth_signature` over plain HTTP), request bodies (Magento's admin-token call posts a
/// password) and responses (OAuth `access_token`). Everything the client logs, throws or records
/// goes through a redactor, which knows sensitive names and, in addition, the literal values of
/// the store's ``CatalogModel/Secret``s, so a token is caught even where no name gives it away.
public struct Redactor: Sendable {
    /// What every redacted value becomes.
    public static let placeholder = "<redacted>"

    /// Header names whose values are always redacted (lowercased).
    public static let defaultSensitiveHeaderNames: Set<String> = [
        "authorization", "proxy-authorization", "x-shopify-access-token", "cookie", "set-cookie",
        "x-wc-webhook-signature", "x-shopify-hmac-sha256", "x-auth-token", "x-api-key",
    ]

    /// Query (and form) parameter names whose values are always redacted (lowercased).
    public static let defaultSensitiveQueryParameters: Set<String> = [
        "consumer_key", "consumer_secret", "oauth_signature", "oauth_consumer_key", "oauth_token",
        "access_token", "refresh_token", "token", "password", "key", "secret", "api_key", "client_secret",
    ]

    /// JSON object keys whose values are always redacted (lowercased).
    public static let defaultSensitiveBodyKeys: Set<String> = [
        "password", "access_token", "refresh_token", "consumer_secret", "consumer_key", "token",
        "secret", "client_secret", "api_key",
    ]

    /// Header names redacted by ``redact(headers:)``, lowercased.
    public let sensitiveHeaderNames: Set<String>
    /// Query and form parameter names redacted by ``redact(url:)`` and ``redact(text:)``, lowercased.
    public let sensitiveQueryParameters: Set<String>
    /// JSON keys redacted by ``redact(body:)`` and ``redact(text:)``, lowercased.
    public let sensitiveBodyKeys: Set<String>
    private var secrets: [Secret]

    /// Creates a redactor.
    ///
    /// - Parameters:
    ///   - sensitiveHeaderNames: Header names to redact, compared without case.
    ///   - sensitiveQueryParameters: Query and form parameter names to redact, compared without case.
    ///   - sensitiveBodyKeys: JSON object keys to redact, compared without case.
    ///   - secrets: Literal values to redact wherever they appear, also percent-encoded.
    public init(
        sensitiveHeaderNames: Set<String> = Redactor.defaultSensitiveHeaderNames,
        sensitiveQueryParameters: Set<String> = Redactor.defaultSensitiveQueryParameters,
        sensitiveBodyKeys: Set<String> = Redactor.defaultSensitiveBodyKeys,
        secrets: [Secret] = []
    ) {
        self.sensitiveHeaderNames = Set(sensitiveHeaderNames.map { $0.lowercased() })
        self.sensitiveQueryParameters = Set(sensitiveQueryParameters.map { $0.lowercased() })
        self.sensitiveBodyKeys = Set(sensitiveBodyKeys.map { $0.lowercased() })
        self.secrets = secrets.filter { !$0.reveal().isEmpty }
    }

    /// Adds a literal secret value to redact. Empty values are ignored.
    public mutating func register(_ secret: Secret) {
        if !secret.reveal().isEmpty { secrets.append(secret) }
    }

    /// A copy that also redacts `secrets`.
    public func registering(_ secrets: Secret...) -> Redactor {
        var copy = self
        for secret in secrets { copy.register(secret) }
        return copy
    }

    /// Whether `name` is a header whose value is redacted.
    public func isSensitiveHeader(_ name: String) -> Bool {
        sensitiveHeaderNames.contains(name.lowercased())
    }

    /// The URL with its user-info, sensitive query and fragment parameters, and literal secrets redacted.
    public func redact(url: String) -> String {
        var result = url
        if let schemeEnd = result.range(of: "://") {
            let authorityEnd = result[schemeEnd.upperBound...].firstIndex { "/?#".contains($0) } ?? result.endIndex
            if let at = result[schemeEnd.upperBound..<authorityEnd].lastIndex(of: "@") {
                result.replaceSubrange(schemeEnd.upperBound..<at, with: Self.placeholder)
            }
        }
        if let delimiter = result.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            let head = result[...delimiter]
            var tail = result[result.index(after: delimiter)...]
            var fragment = ""
            if head.last == "?", let hash = tail.firstIndex(of: "#") {
                fragment = "#" + redactParameters(tail[tail.index(after: hash)...])
                tail = tail[..<hash]
            }
            result = String(head) + redactParameters(tail) + fragment
        }
        return redactLiterals(in: result)
    }

    /// The headers with sensitive fields' values, and literal secrets in any value, redacted.
    public func redact(headers: HTTPHeaders) -> HTTPHeaders {
        HTTPHeaders(
            headers.map { field in
                (field.name, isSensitiveHeader(field.name) ? Self.placeholder : redact(text: field.value))
            })
    }

    /// The body as text with credentials redacted.
    ///
    /// A body that parses as JSON has the values of sensitive keys replaced at any depth, keeping
    /// the rest of the text byte for byte (so a recorded fixture still reads like the original);
    /// any other body is treated as text (form bodies have sensitive parameters redacted). Literal
    /// secrets are replaced in both cases.
    public func redact(body: [UInt8]) -> String {
        guard !body.isEmpty else { return "" }
        if (try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])) != nil {
            let scrubbed = JSONKeyScrubber(sensitiveKeys: sensitiveBodyKeys).scrub(body)
            return redact(text: String(decoding: scrubbed, as: UTF8.self))
        }
        return redact(text: String(decoding: body, as: UTF8.self))
    }

    /// Free text (an error message, a log line) with literal secrets, `name=value` pairs and
    /// `"key": value` pairs of sensitive names, and `Bearer`/`Basic` credentials redacted.
    public func redact(text: String) -> String {
        var result = redactLiterals(in: text)
        guard !result.isEmpty else { return result }
        result = redactAssignments(in: result)
        result = redactJSONPairs(in: result)
        result = redactAuthorizationSchemes(in: result)
        return result
    }
}

// MARK: - Implementation

extension Redactor {
    private func redactLiterals(in text: String) -> String {
        var variants: Set<String> = []
        for secret in secrets {
            let value = secret.reveal()
            variants.insert(value)
            if let encoded = value.addingPercentEncoding(withAllowedCharacters: Self.unreserved) {
                variants.insert(encoded)
                variants.insert(encoded.replacingOccurrences(of: "%20", with: "+"))
            }
        }
        var result = text
        for variant in variants.sorted(by: { $0.count > $1.count }) where result.contains(variant) {
            result = result.replacingOccurrences(of: variant, with: Self.placeholder)
        }
        return result
    }

    /// RFC 3986 unreserved characters: what percent-encoding leaves alone.
    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    private func redactParameters(_ query: Substring) -> String {
        query.split(separator: "&", omittingEmptySubsequences: false).map { pair in
            guard let equals = pair.firstIndex(of: "=") else { return String(pair) }
            let name = pair[..<equals]
            return isSensitiveParameter(name) ? "\(name)=\(Self.placeholder)" : String(pair)
        }.joined(separator: "&")
    }

    /// `token`, `Token`, `access%5Ftoken` and `credentials[password]` all count.
    private func isSensitiveParameter(_ rawName: Substring) -> Bool {
        let decoded = (rawName.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(rawName)).lowercased()
        if sensitiveQueryParameters.contains(decoded) { return true }
        if decoded.hasSuffix("]"), let open = decoded.lastIndex(of: "[") {
            let inner = decoded[decoded.index(after: open)..<decoded.index(before: decoded.endIndex)]
            return sensitiveQueryParameters.contains(String(inner))
        }
        return false
    }

    private func redactAssignments(in text: String) -> String {
        guard let regex = Self.alternation(of: sensitiveQueryParameters, pattern: { #"(^|[^A-Za-z0-9_])("# + $0 + #")=([^&\s"'#;,]*)"# })
        else { return text }
        return text.replacing(regex) { match in
            let value = match.output[3].substring ?? ""
            guard !value.isEmpty, !value.hasPrefix(Self.placeholder) else { return String(match.output[0].substring ?? "") }
            return "\(match.output[1].substring ?? "")\(match.output[2].substring ?? "")=\(Self.placeholder)"
        }
    }

    private func redactJSONPairs(in text: String) -> String {
        guard text.contains("\""),
            let regex = Self.alternation(of: sensitiveBodyKeys, pattern: { #""("# + $0 + #")"(\s*:\s*)("(?:[^"\\]|\\.)*"|[^,}\]\s]+)"# })
        else { return text }
        return text.replacing(regex) { match in
            let value = match.output[3].substring ?? ""
            guard value != "\"\(Self.placeholder)\"" else { return String(match.output[0].substring ?? "") }
            return "\"\(match.output[1].substring ?? "")\"\(match.output[2].substring ?? "")\"\(Self.placeholder)\""
        }
    }

    private func redactAuthorizationSchemes(in text: String) -> String {
        guard let regex = try? Regex(#"\b(Bearer|Basic)\s+([A-Za-z0-9._~+/=-]+)"#).ignoresCase() else { return text }
        return text.replacing(regex) { match in
            "\(match.output[1].substring ?? "") \(Self.placeholder)"
        }
    }

    /// A case-insensitive regex matching any of `names` at the spot `pattern` puts the alternation.
    private static func alternation(of names: Set<String>, pattern: (String) -> String) -> Regex<AnyRegexOutput>? {
        guard !names.isEmpty else { return nil }
        let escaped = names.sorted { $0.count > $1.count }.map { name in
            name.map { character in
                character.isLetter || character.isNumber || character == "_" ? String(character) : "\\" + String(character)
            }.joined()
        }
        return try? Regex(pattern(escaped.joined(separator: "|"))).ignoresCase()
    }
}
