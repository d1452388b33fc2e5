import CatalogModel
import Foundation
import HTTPClient
import JSONValue
import MessageAuthentication
import SimulatorCore
import WooCommerceSimulator

/// A simulated WooCommerce store on 127.0.0.1 and a libcurl client that never retries, with
/// helpers that send each of WooCommerce's three kinds of credentials.
struct WooTestStore {
    let server: SimulatorServer
    let client: HTTPClient

    var shop: SimulatedShop { server.shop }
    var api: String { server.baseURL + "/wp-json/wc/v3" }
    var key: String { shop.credentials.wooConsumerKey }
    var secret: String { shop.credentials.wooConsumerSecret }

    enum Auth {
        case none
        case basic(key: String? = nil, secret: String? = nil)
        case queryString
        /// Signed as the official Python client signs (`woocommerce/oauth.py`), optionally with a
        /// wrong secret, a fixed nonce, or a tampered signature.
        case oauth(secret: String? = nil, nonce: String? = nil, method: String = "HMAC-SHA256", tamper: Bool = false)
    }

    /// Sends `method path?query` with `json` as the body. `path` is relative to `/wp-json/wc/v3`.
    func send(_ method: HTTPMethod, _ path: String, query: [(String, String)] = [], json: JSONValue? = nil, auth: Auth = .basic())
        async throws -> HTTPResponse
    {
        var query = query
        var headers = HTTPHeaders([("Accept", "application/json")])
        let url = api + path
        switch auth {
        case .none: break
        case .basic(let key, let secret):
            let credentials = "\(key ?? self.key):\(secret ?? self.secret)"
            headers.add(name: "Authorization", value: "Basic " + Base64.encode(Array(credentials.utf8)))
        case .queryString:
            query += [("consumer_key", key), ("consumer_secret", secret)]
        case .oauth(let secretOverride, let nonce, let signatureMethod, let tamper):
            query = PythonClientOAuth.sign(
                method: method.rawValue, url: url, query: query, consumerKey: key, consumerSecret: secretOverride ?? secret,
                timestamp: Int(Date().timeIntervalSince1970), nonce: nonce ?? Hex.encode(SHA1.hash(UUID().uuidString)),
                signatureMethod: signatureMethod, tamper: tamper
            )
        }
        var body: [UInt8]?
        if let json {
            body = json.bytes
            headers.add(name: "Content-Type", value: "application/json;charset=utf-8")
        }
        let target = query.isEmpty ? url : url + "?" + PythonClientOAuth.urlencode(query)
        return try await client.send(HTTPRequest(method: method, url: target, headers: headers, body: body))
    }

    func json(_ response: HTTPResponse) throws -> JSONValue { try JSONValue.parse(response.body) }
}

/// Starts a seeded WooCommerce store, runs `body`, and stops it.
func withWooStore<T>(
    products: Int = 24, seed: UInt64 = 11, clock: SimClock = .system,
    options: WooCommercePlatform.Options = .init(), serverOptions: ServerOptions = ServerOptions(),
    _ body: (WooTestStore) async throws -> T
) async throws -> T {
    let shop = SimulatedShop.seeded(platform: .woocommerce, storeName: "woo-test", seed: seed, products: products, clock: clock)
    let server = try SimulatorServer(shop: shop, api: WooCommercePlatform(options: options), options: serverOptions)
    try await server.start()
    let client = HTTPClient(
        configuration: HTTPClient.Configuration(
            connectTimeout: .seconds(5), totalTimeout: .seconds(20), retryPolicy: RetryPolicy(maxAttempts: 1)
        ))
    do {
        let result = try await body(WooTestStore(server: server, client: client))
        client.shutdown()
        await server.stop()
        return result
    } catch {
        client.shutdown()
        await server.stop()
        throw error
    }
}

/// An independent rendering of `woocommerce/oauth.py` 3.0.0 (the official Python client), so the
/// tests check the simulator against what that client sends rather than against the simulator's
/// own code:
///
///     params = query + oauth_consumer_key, oauth_timestamp, oauth_nonce, oauth_signature_method
///     base_request_uri = quote(url, "")
///     params sorted by name (grouped by the part before "["), then key/value = quote(unquote(x)).replace("%", "%25")
///     string_to_sign = METHOD & base_request_uri & "%26".join(key%3Dvalue)
///     signature = b64encode(HMAC(secret + "&", string_to_sign, sha256))
enum PythonClientOAuth {
    static func sign(
        method: String, url: String, query: [(String, String)], consumerKey: String, consumerSecret: String,
        timestamp: Int, nonce: String, signatureMethod: String, tamper: Bool
    ) -> [(String, String)] {
        var params = query
        params.append(("oauth_consumer_key", consumerKey))
        params.append(("oauth_timestamp", String(timestamp)))
        params.append(("oauth_nonce", nonce))
        params.append(("oauth_signature_method", signatureMethod))
        let bases = Array(Set(params.map { String($0.0.split(separator: "[", maxSplits: 1).first ?? "") })).sorted()
        var ordered: [(String, String)] = []
        for base in bases {
            for param in params where param.0 == base || param.0.hasPrefix(base + "[") { ordered.append(param) }
        }
        let joined = ordered.map {
            quote(unquote($0.0), safe: "/").replacingOccurrences(of: "%", with: "%25") + "%3D"
                + quote(unquote($0.1), safe: "/").replacingOccurrences(of: "%", with: "%25")
        }.joined(separator: "%26")
        let stringToSign = "\(method)&\(quote(url, safe: ""))&\(joined)"
        let key = Array((consumerSecret + "&").utf8)
        let mac =
            signatureMethod == "HMAC-SHA1"
            ? HMAC<SHA1>.authenticationCode(for: Array(stringToSign.utf8), key: key)
            : HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), key: key)
        var signature = Base64.encode(mac)
        if tamper { signature = String(signature.reversed()) }
        return params + [("oauth_signature", signature)]
    }

    /// Python's `urllib.parse.quote`: keeps letters, digits, `_.-~` and the `safe` characters.
    static func quote(_ text: String, safe: String) -> String {
        let keep = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~".utf8).union(safe.utf8)
        var output = ""
        for byte in text.utf8 {
            if keep.contains(byte) {
                output.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                output += "%" + String(format: "%02X", byte)
            }
        }
        return output
    }

    static func unquote(_ text: String) -> String { text.removingPercentEncoding ?? text }

    /// Python's `urlencode` (quote_plus: spaces as `+`, `/` encoded).
    static func urlencode(_ params: [(String, String)]) -> String {
        params.map {
            quote($0.0, safe: " ").replacingOccurrences(of: " ", with: "+") + "="
                + quote($0.1, safe: " ").replacingOccurrences(of: " ", with: "+")
        }
        .joined(separator: "&")
    }
}

extension JSONValue {
    /// The ids of a list of objects.
    var ids: [Int64] { (arrayValue ?? []).compactMap { $0["id"]?.int64Value } }
}
