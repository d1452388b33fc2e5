import ConcordTesting
import Foundation
import Testing

/// `concord stores check` against a local server answering as each platform's admin API does.
struct StoresCheckTests {
    let concord: CommandRunner

    init() throws { concord = try CommandRunner(product: "concord") }

    static func platformHandler(_ request: LocalHTTPRequest) -> LocalHTTPAction {
        switch request.path {
        case "/admin/api/2025-07/graphql.json":
            guard request.header("X-Shopify-Access-Token") == "shpat_good" else {
                return .text(#"{"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"}"#, status: 401)
            }
            return .text(
                #"{"data":{"shop":{"name":"Fern & Fold","currencyCode":"EUR","myshopifyDomain":"ff.myshopify.com"},"productsCount":{"count":42},"locations":{"nodes":[{"id":"gid://shopify/Location/1","name":"Berlin"}]}}}"#,
                headers: [("Content-Type", "application/json"), ("X-Shopify-API-Version", "2025-07")])
        case "/wp-json/wc/v3/products":
            let good = "Basic " + Data("ck_good:cs_good".utf8).base64EncodedString()
            guard request.header("Authorization") == good else {
                return .text(
                    #"{"code":"woocommerce_rest_authentication_error","message":"Consumer key is invalid.","data":{"status":401}}"#,
                    status: 401)
            }
            return .text("[{\"id\":1}]", headers: [("X-WP-Total", "17"), ("X-WP-TotalPages", "17")])
        case "/rest/default/V1/products":
            guard request.header("Authorization") == "Bearer mage_good" else {
                return .text(
                    #"{"message":"The consumer isn't authorized to access %resources.","parameters":{"resources":"Magento_Catalog::products"}}"#,
                    status: 401)
            }
            return .text(#"{"items":[],"search_criteria":{},"total_count":9}"#)
        case "/rest/default/V1/inventory/sources":
            return .text(#"{"items":[{"source_code":"default","name":"Default Source"}],"total_count":1}"#)
        default:
            return .text(#"{"message":"not found"}"#, status: 404)
        }
    }

    func configuration(_ server: LocalHTTPServer) -> String {
        """
        [stores.shop]
        platform = "shopify"
        url = "\(server.baseURL)"
        api_version = "2025-07"
        token_env = "T_SHOP"

        [stores.woo]
        platform = "woocommerce"
        url = "\(server.baseURL)"
        key_env = "T_WOO_KEY"
        secret_env = "T_WOO_SECRET"

        [stores.mage]
        platform = "magento"
        url = "\(server.baseURL)"
        token_env = "T_MAGE"
        """
    }

    @Test func reportsWhatEachPlatformSays() async throws {
        let server = try LocalHTTPServer(handler: Self.platformHandler)
        defer { server.stop() }
        let workspace = try Workspace()
        _ = workspace.write("concord.toml", configuration(server))
        let environment = ["T_SHOP": "shpat_good", "T_WOO_KEY": "ck_good", "T_WOO_SECRET": "cs_good", "T_MAGE": "mage_good"]
        let result = try await concord.run(["stores", "check"], environment: environment, directory: workspace.path)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("ok    shop (Shopify) — Fern & Fold, 42 products, locations: Berlin"))
        #expect(result.stdout.contains("ok    woo (WooCommerce)"))
        #expect(result.stdout.contains("17 products"))
        #expect(result.stdout.contains("ok    mage (Magento)"))
        #expect(result.stdout.contains("9 products, locations: Default Source"))
    }

    @Test func badCredentialsFailWithTheReasonAndNoSecret() async throws {
        let server = try LocalHTTPServer(handler: Self.platformHandler)
        defer { server.stop() }
        let workspace = try Workspace()
        _ = workspace.write("concord.toml", configuration(server))
        let environment = [
            "T_SHOP": "shpat_wrong_0123456789", "T_WOO_KEY": "ck_wrong", "T_WOO_SECRET": "cs_wrong_0123456789",
            "T_MAGE": "mage_wrong_0123456789",
        ]
        let result = try await concord.run(["stores", "check"], environment: environment, directory: workspace.path)
        #expect(result.status == 1)
        #expect(result.stdout.contains("FAIL  shop: store shop: the store refused the credentials (HTTP 401)"))
        #expect(result.stdout.contains("FAIL  woo: store woo: wrong consumer key or secret"))
        #expect(result.stdout.contains("The consumer isn't authorized to access Magento_Catalog::products."))
        for secret in environment.values { #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret)) }
    }
}

/// `concord stores list` with a credentials file Concord refuses: said once, with the fix.
struct StoresListTests {
    @Test func aCredentialsFileOthersCanReadIsNamedNotEveryVariableMissing() async throws {
        let workspace = try Workspace()
        let credentials = workspace.write("credentials", "SHOP_TOKEN=shpat_abc\n")
        #expect(chmod(credentials, 0o644) == 0)
        _ = workspace.write(
            "concord.toml",
            """
            [catalog]
            currency = "EUR"
            credentials_file = "credentials"

            [stores.shop]
            platform = "shopify"
            url = "https://shop.example.com"
            token_env = "SHOP_TOKEN"
            """)
        let concord = try CommandRunner(product: "concord")
        let listed = try await concord.run(["stores", "list"], environment: ["SHOP_TOKEN": nil], directory: workspace.path)
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("SHOP_TOKEN file refused"), "\(listed.stdout)")
        #expect(listed.stderr.contains("chmod 600"), "\(listed.stderr)")
        #expect(!listed.stdout.contains("shpat_abc") && !listed.stderr.contains("shpat_abc"))

        #expect(chmod(credentials, 0o600) == 0)
        let fixed = try await concord.run(["stores", "list"], environment: ["SHOP_TOKEN": nil], directory: workspace.path)
        #expect(fixed.stdout.contains("SHOP_TOKEN set"), "\(fixed.stdout)")
    }
}
