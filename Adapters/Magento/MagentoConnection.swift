import CatalogModel
import Foundation
import HTTPClient
import JSONValue
import StorefrontAdapter

/// Proves a Magento 2 / Adobe Commerce store is reachable and its token works.
public enum MagentoConnection {
    /// `https://host/rest/<store code>/V1`.
    public static func apiBase(_ endpoint: StoreEndpoint) -> String {
        "\(endpoint.baseURL)/rest/\(endpoint.storeCode ?? "default")/V1"
    }

    /// A bearer token: the integration token, or an admin token from the user name and password
    /// (`POST /V1/integration/admin/token`, valid four hours). The adapter keeps and renews its
    /// admin token itself (``MagentoTokenSession``); this is for one-off calls.
    public static func bearerToken(_ endpoint: StoreEndpoint, client: HTTPClient) async throws -> Secret {
        if let token = endpoint.token { return token }
        return try await MagentoTokenSession.signIn(endpoint, client: client)
    }

    /// Magento's `{message, parameters}` error with its placeholders filled in from `parameters`:
    /// `%1`, `%2`… from a list, `%name` from an object. A validation failure's `errors` list is
    /// added, each filled the same way.
    public static func message(_ body: [UInt8]) -> String? {
        guard let json = try? JSONValue.parse(body), let text = json["message"]?.stringValue else { return nil }
        var result = fill(text, json["parameters"])
        let details = (json["errors"]?.arrayValue ?? []).compactMap { error in
            error["message"]?.stringValue.map { fill($0, error["parameters"]) }
        }.filter { !result.contains($0) }
        if !details.isEmpty { result += " (" + details.joined(separator: "; ") + ")" }
        return result
    }

    /// Fills `%1`… or `%name` placeholders. Longer names first, so `%fieldName` is not taken for `%field`.
    static func fill(_ template: String, _ parameters: JSONValue?) -> String {
        func text(_ value: JSONValue) -> String { value.stringValue ?? value.numberText ?? value.serialized }
        var result = template
        if let list = parameters?.arrayValue {
            if result.contains("%1") {
                for (index, value) in list.enumerated().reversed() {
                    result = result.replacingOccurrences(of: "%\(index + 1)", with: text(value))
                }
            } else {
                // Named placeholders with a list (the price APIs' `{message, parameters}` items):
                // Magento drops the names, so they are filled in order of first appearance.
                for (name, value) in zip(namedPlaceholders(template), list) {
                    result = result.replacingOccurrences(of: "%" + name, with: text(value))
                }
            }
        } else if let object = parameters?.objectValue {
            for key in object.keys.sorted(by: { $0.count > $1.count }) {
                result = result.replacingOccurrences(of: "%" + key, with: text(object[key]!))
            }
        }
        return result
    }

    /// `%fieldName = %fieldValue` → `["fieldName", "fieldValue"]`, each once, in order.
    static func namedPlaceholders(_ template: String) -> [String] {
        var names: [String] = []
        var rest = Substring(template)
        while let percent = rest.firstIndex(of: "%") {
            let name = rest[rest.index(after: percent)...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            if !name.isEmpty, !names.contains(String(name)) { names.append(String(name)) }
            rest = rest[rest.index(after: percent)...]
        }
        return names
    }

    /// Two calls: a one-product search (proves the URL, the token and catalog access, and counts
    /// the products) and the MSI sources (the store's locations; a note when MSI is absent).
    public static func check(_ endpoint: StoreEndpoint, client: HTTPClient) async throws -> ConnectionReport {
        // A connection check is a couple of calls; it needs no pacing beyond the client's own.
        try await check(
            using: MagentoRESTClient(endpoint: endpoint, client: client, governor: RateGovernor(capacity: 5, refillPerSecond: 5)))
    }

    static func check(using rest: MagentoRESTClient) async throws -> ConnectionReport {
        // Products a shopper sees on their own (visibility 2–4): a configurable's child simple
        // products are "Not Visible Individually" (1), and counting them would give a product
        // count the other platforms' checks cannot be compared with.
        let page = try await rest.search(
            "products", MagentoSearch().and("visibility", "neq", "1"), page: 1, pageSize: 1, fields: "items[id],total_count")
        var notes: [String] = []
        let stock = MagentoStockReader(rest: rest, options: MagentoAdapterOptions())
        let mode = try await stock.mode()
        if case .legacy = mode {
            notes.append("no MSI sources (GET /V1/inventory/sources answered 404); stock uses the legacy single-source stock items")
        }
        if rest.session.usesAdminToken {
            notes.append(
                "signed in as an admin user; the token is renewed before its 4-hour expiry. An integration token is the better choice for a long-running sync"
            )
        }
        return ConnectionReport(
            store: rest.endpoint.store, platform: .magento, name: URL(string: rest.endpoint.baseURL)?.host, apiVersion: "V1",
            productCount: page.totalCount, locations: stock.locations(mode), notes: notes)
    }
}
