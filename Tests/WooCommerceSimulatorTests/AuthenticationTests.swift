import Foundation
import HTTPClient
import JSONValue
import SimulatorCore
import Testing
import WooCommerceSimulator

@Suite("WooCommerce authentication: Basic, query string, OAuth 1.0a")
struct AuthenticationTests {
    @Test("no credentials: 401 woocommerce_rest_cannot_view on reads, cannot_create on creates")
    func anonymous() async throws {
        try await withWooStore(products: 2) { store in
            let read = try await store.send(.get, "/products", auth: .none)
            #expect(read.status == 401)
            #expect(try store.json(read)["code"] == "woocommerce_rest_cannot_view")
            let write = try await store.send(.post, "/products", json: ["name": "x"], auth: .none)
            #expect(write.status == 401)
            #expect(try store.json(write)["code"] == "woocommerce_rest_cannot_create")
            #expect(store.shop.read { $0.productIDs.count } == 2)
        }
    }

    @Test("HTTP Basic with the consumer key and secret; a wrong secret or key is 401 woocommerce_rest_authentication_error")
    func basic() async throws {
        try await withWooStore(products: 2) { store in
            #expect(try await store.send(.get, "/products").status == 200)
            let wrongSecret = try await store.send(.get, "/products", auth: .basic(secret: "cs_wrong"))
            #expect(wrongSecret.status == 401)
            #expect(try store.json(wrongSecret)["code"] == "woocommerce_rest_authentication_error")
            #expect(try store.json(wrongSecret)["message"] == "Consumer secret is invalid.")
            let wrongKey = try await store.send(.get, "/products", auth: .basic(key: "ck_wrong"))
            #expect(try store.json(wrongKey)["message"] == "Consumer key is invalid.")
        }
    }

    @Test("consumer_key and consumer_secret in the query string (query_string_auth=True)")
    func queryString() async throws {
        try await withWooStore(products: 4) { store in
            let response = try await store.send(.get, "/products", query: [("per_page", "2")], auth: .queryString)
            #expect(response.status == 200)
            #expect(try store.json(response).ids.count == 2)
            // The Link header never repeats the secret.
            #expect(response.headers["Link"]?.contains(store.secret) == false)
            #expect(response.headers["Link"]?.contains("per_page=2") == true)
        }
    }

    @Test("OAuth 1.0a signed as the official Python client signs it, for reads and writes, SHA-256 and SHA-1")
    func oauth() async throws {
        try await withWooStore(products: 4) { store in
            let list = try await store.send(
                .get, "/products", query: [("per_page", "2"), ("page", "2"), ("modified_after", "2020-01-01T00:00:00")], auth: .oauth())
            #expect(list.status == 200, "\(list.text)")
            #expect(try store.json(list).ids.count == 2)
            let created = try await store.send(.post, "/products", json: ["name": "Signed", "sku": "OAUTH-1"], auth: .oauth())
            #expect(created.status == 201, "\(created.text)")
            let sha1 = try await store.send(.get, "/products", query: [("search", "signed product")], auth: .oauth(method: "HMAC-SHA1"))
            #expect(sha1.status == 200, "\(sha1.text)")
        }
    }

    @Test("a wrong OAuth signature, a wrong secret or a replayed nonce is 401 woocommerce_rest_authentication_error")
    func oauthRefused() async throws {
        try await withWooStore(products: 2) { store in
            let tampered = try await store.send(.get, "/products", auth: .oauth(tamper: true))
            #expect(tampered.status == 401)
            #expect(try store.json(tampered)["code"] == "woocommerce_rest_authentication_error")
            #expect(try store.json(tampered)["message"] == "Invalid signature - provided signature does not match.")

            let wrongSecret = try await store.send(.post, "/products", json: ["name": "x"], auth: .oauth(secret: "cs_not_it"))
            #expect(wrongSecret.status == 401)
            #expect(store.shop.read { $0.productIDs.count } == 2)

            #expect(try await store.send(.get, "/products", auth: .oauth(nonce: "fixed-nonce-1")).status == 200)
            let replay = try await store.send(.get, "/products", auth: .oauth(nonce: "fixed-nonce-1"))
            #expect(replay.status == 401)
            #expect(try store.json(replay)["message"] == "Invalid nonce - nonce has already been used.")
        }
    }

    @Test("the banner names the API base URL, the consumer key and the secret")
    func banner() async throws {
        try await withWooStore(products: 1) { store in
            let banner = store.server.banner.joined(separator: "\n")
            #expect(banner.contains(store.server.baseURL + "/wp-json/wc/v3"))
            #expect(banner.contains(store.key))
            #expect(banner.contains(store.secret))
        }
    }
}
