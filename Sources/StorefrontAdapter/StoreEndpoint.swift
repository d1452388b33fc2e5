import CatalogModel
import Foundation
import HTTPClient

/// One store's address and credentials, as an adapter needs them: resolved, never printed.
public struct StoreEndpoint: Sendable {
    public var store: StoreID
    public var platform: Platform
    /// The store's base URL, without a trailing slash.
    public var baseURL: String
    public var apiVersion: String?
    /// Shopify access token, Magento integration token.
    public var token: Secret?
    /// WooCommerce consumer key / secret, or Magento admin user name / password.
    public var key: Secret?
    public var secret: Secret?
    /// Magento's store view code.
    public var storeCode: String?

    public init(
        store: StoreID, platform: Platform, baseURL: String, apiVersion: String? = nil, token: Secret? = nil, key: Secret? = nil,
        secret: Secret? = nil, storeCode: String? = nil
    ) {
        self.store = store
        self.platform = platform
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiVersion = apiVersion
        self.token = token
        self.key = key
        self.secret = secret
        self.storeCode = storeCode
    }

    /// Every secret this endpoint holds, to register with the HTTP client's redactor.
    public var secrets: [Secret] { [token, key, secret].compactMap { $0 } }
}

extension AdapterError {
    /// Turns a failed HTTP exchange into an error a person can act on, using the platform's words
    /// where the body has them.
    public static func from(_ response: HTTPResponse, store: StoreID, platformMessage: String?, hint403: String) -> AdapterError {
        let detail = platformMessage.map { ": \($0)" } ?? ""
        switch response.status {
        case 401:
            return AdapterError(
                code: .unauthorized, store: store,
                message:
                    "the store refused the credentials (HTTP 401)\(detail); check the token or key in the variables named in concord.toml",
                status: 401)
        case 403:
            return AdapterError(
                code: .forbidden, store: store, message: "the credentials lack a permission (HTTP 403)\(detail); \(hint403)", status: 403)
        case 404:
            return AdapterError(
                code: .notFound, store: store,
                message: "the API was not found at this address (HTTP 404)\(detail); check the url (and api_version) in concord.toml",
                status: 404)
        case 429:
            return AdapterError(
                code: .throttled, store: store, message: "the store kept throttling requests (HTTP 429) after retries; try again later",
                status: 429)
        case 500...:
            return AdapterError(
                code: .serverError, store: store, message: "the store failed (HTTP \(response.status))\(detail); try again later",
                status: response.status)
        default:
            return AdapterError(
                code: .malformedResponse, store: store, message: "unexpected HTTP \(response.status)\(detail)", status: response.status)
        }
    }

    /// The error for a body that is not the documented shape.
    public static func malformed(_ what: String, store: StoreID) -> AdapterError {
        AdapterError(
            code: .malformedResponse, store: store,
            message: "the store's answer is not what its API documents (\(what)); if it persists, the platform may have changed its API")
    }
}

/// Reads a JSON body into plain Foundation values, or `nil` when it is not JSON.
public func parseJSONObject(_ bytes: [UInt8]) -> Any? {
    try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
}
