import Foundation
import MessageAuthentication
import SimulatorCore

/// Checks a request's WooCommerce REST API credentials, in the three forms WooCommerce accepts:
///
/// - `consumer_key` and `consumer_secret` in the query string (the Python client's `query_string_auth=True`);
/// - HTTP Basic with the key as user name and the secret as password;
/// - one-legged OAuth 1.0a in the query string (what the official clients send to `http://` URLs),
///   with the signature, timestamp window and nonce replay checks of `WC_REST_Authentication`.
///
/// Real WooCommerce takes Basic and query-string credentials only over HTTPS and OAuth only over
/// HTTP; the simulator is plain HTTP on loopback and takes all three, so a client configured for a
/// production store works unchanged.
struct WooAuthenticator: Sendable {
    var credentials: SimCredentials
    /// nil turns the timestamp and nonce checks off.
    var timestampWindow: TimeInterval?
    var nonces: NonceLedger

    static let oauthParameters = ["oauth_consumer_key", "oauth_timestamp", "oauth_nonce", "oauth_signature", "oauth_signature_method"]

    /// True when the request carries valid credentials, false when it carries none.
    /// - Throws: 401 `woocommerce_rest_authentication_error` for credentials that are wrong.
    func authenticate(_ request: SimRequest, wallClock: Date = Date()) throws(WooError) -> Bool {
        if let key = nonEmpty(request.queryValue("consumer_key")), let secret = nonEmpty(request.queryValue("consumer_secret")) {
            try check(key: key, secret: secret)
            return true
        }
        if let authorization = request.header("authorization"), authorization.lowercased().hasPrefix("basic ") {
            let encoded = authorization.dropFirst("basic ".count).trimmingCharacters(in: .whitespaces)
            guard let decoded = Base64.decode(encoded).map({ String(decoding: $0, as: UTF8.self) }),
                let colon = decoded.firstIndex(of: ":")
            else {
                throw WooError(
                    code: "woocommerce_rest_authentication_error",
                    message: "The Basic credentials are not base64 of \"consumer_key:consumer_secret\".", status: 401)
            }
            try check(key: String(decoded[..<colon]), secret: String(decoded[decoded.index(after: colon)...]))
            return true
        }
        let present = Self.oauthParameters.filter { nonEmpty(request.queryValue($0)) != nil }
        if present.isEmpty { return false }
        if present.count < Self.oauthParameters.count {
            let missing = Self.oauthParameters.filter { !present.contains($0) }
            throw WooError(
                code: "woocommerce_rest_authentication_missing_parameter",
                message: "Missing OAuth parameter \(missing.joined(separator: ", ")).", status: 401)
        }
        try checkOAuth(request, wallClock: wallClock)
        return true
    }

    private func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }

    private func check(key: String, secret: String) throws(WooError) {
        guard ConstantTime.equals(Array(key.utf8), Array(credentials.wooConsumerKey.utf8)) else {
            throw WooError(code: "woocommerce_rest_authentication_error", message: "Consumer key is invalid.", status: 401)
        }
        guard ConstantTime.equals(Array(secret.utf8), Array(credentials.wooConsumerSecret.utf8)) else {
            throw WooError(code: "woocommerce_rest_authentication_error", message: "Consumer secret is invalid.", status: 401)
        }
    }

    private func checkOAuth(_ request: SimRequest, wallClock: Date) throws(WooError) {
        func fail(_ message: String) -> WooError {
            WooError(code: "woocommerce_rest_authentication_error", message: message, status: 401)
        }
        let key = request.queryValue("oauth_consumer_key") ?? ""
        guard ConstantTime.equals(Array(key.utf8), Array(credentials.wooConsumerKey.utf8)) else {
            throw fail("Consumer key is invalid.")
        }
        guard let method = OAuthSignature.Method(rawValue: request.queryValue("oauth_signature_method") ?? "") else {
            throw fail("Invalid signature - signature method is invalid.")
        }
        // PHP reads a `+` in a query string as a space; the server here hands it over as is, so a
        // value is tried both ways (a literal plus arrives as %2B and decodes to "+" too).
        let provided = Array((request.queryValue("oauth_signature") ?? "").replacingOccurrences(of: " ", with: "+").utf8)
        var matched = false
        search: for url in signedURLs(request) {
            for plusAsSpace in [false, true] {
                let parameters = request.query.map { item in
                    (name: item.name, value: plusAsSpace ? item.value.replacingOccurrences(of: "+", with: " ") : item.value)
                }
                let signing = OAuthSignature(method: request.method, url: url, parameters: parameters)
                for slash in OAuthSignature.SlashEncoding.allCases {
                    let expected = Array(signing.signature(secret: credentials.wooConsumerSecret, using: method, slash: slash).utf8)
                    if ConstantTime.equals(expected, provided) { matched = true; break search }
                }
                if !request.query.contains(where: { $0.value.contains("+") }) { break }
            }
        }
        guard matched else { throw fail("Invalid signature - provided signature does not match.") }

        guard let window = timestampWindow else { return }
        guard let timestamp = TimeInterval(request.queryValue("oauth_timestamp") ?? ""),
            abs(wallClock.timeIntervalSince1970 - timestamp) <= window
        else { throw fail("Invalid timestamp.") }
        guard nonces.use(request.queryValue("oauth_nonce") ?? "", consumerKey: key, at: wallClock, window: window) else {
            throw fail("Invalid nonce - nonce has already been used.")
        }
    }

    /// The URL the client signed: the one it addressed (the Host header), then the server's own.
    private func signedURLs(_ request: SimRequest) -> [String] {
        var urls: [String] = []
        if let host = request.header("host") { urls.append("http://" + host + request.path) }
        if let schemeEnd = request.url.range(of: "://"),
            let pathStart = request.url[schemeEnd.upperBound...].firstIndex(of: "/")
        {
            let own = String(request.url[..<pathStart]) + request.path
            if !urls.contains(own) { urls.append(own) }
        }
        return urls
    }
}
