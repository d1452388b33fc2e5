import CatalogModel
import ConcordTesting
import HTTPClient
import Testing

/// The ``Redactor`` on its own, and the guarantee that errors and logs of a failing request carry no secret.
struct RedactionTests {
    @Test(arguments: [
        (
            "https://shop.example/wp-json/wc/v3/products?consumer_key=ck_1&consumer_secret=cs_2&page=2",
            "https://shop.example/wp-json/wc/v3/products?consumer_key=<redacted>&consumer_secret=<redacted>&page=2"
        ),
        ("https://ck_1:cs_2@shop.example/wp-json", "https://<redacted>@shop.example/wp-json"),
        ("https://shop.example/callback#access_token=abc&state=1", "https://shop.example/callback#access_token=<redacted>&state=1"),
        ("https://shop.example/x?Token=abc&oauth_signature=sig%3D", "https://shop.example/x?Token=<redacted>&oauth_signature=<redacted>"),
        ("https://shop.example/x?credentials[password]=p&q=1", "https://shop.example/x?credentials[password]=<redacted>&q=1"),
        ("https://shop.example/x?api%5Fkey=k", "https://shop.example/x?api%5Fkey=<redacted>"),
        ("https://shop.example/admin/api/2025-07/graphql.json", "https://shop.example/admin/api/2025-07/graphql.json"),
        ("https://shop.example/x?page=2&keyword=shoes", "https://shop.example/x?page=2&keyword=shoes"),
    ])
    func urlQueryAndUserInfoAreRedacted(url: String, expected: String) {
        #expect(Redactor().redact(url: url) == expected)
    }

    @Test func sensitiveHeadersAreRedactedWhateverTheirCase() {
        let headers: HTTPHeaders = [
            "authorization": "Bearer abc", "X-SHOPIFY-ACCESS-TOKEN": "shpat_1", "Set-Cookie": "s=1",
            "Cookie": "s=1", "Proxy-Authorization": "Basic eA==", "X-WC-Webhook-Signature": "sig", "Accept": "application/json",
        ]

        let redacted = Redactor().redact(headers: headers)

        #expect(redacted.map(\.name) == headers.map(\.name))
        #expect(redacted.map(\.value) == Array(repeating: "<redacted>", count: 6) + ["application/json"])
    }

    @Test func jsonBodyKeepsItsTextExceptSensitiveValues() {
        let body =
            #"{"user": {"password": "p@ss\"word", "name": "Ann"}, "items": [{"token": 123}], "secret": {"a": [1, {"b": "}"}]}, "price": 19.90}"#

        let redacted = Redactor().redact(body: Array(body.utf8))

        #expect(
            redacted
                == #"{"user": {"password": "<redacted>", "name": "Ann"}, "items": [{"token": "<redacted>"}], "secret": "<redacted>", "price": 19.90}"#
        )
    }

    @Test func formBodyParametersAreRedacted() {
        let body = "grant_type=password&username=ann&password=hunter2&client_secret=xyz"

        #expect(
            Redactor().redact(body: Array(body.utf8)) == "grant_type=password&username=ann&password=<redacted>&client_secret=<redacted>")
    }

    @Test func freeTextLosesAssignmentsJSONPairsAndBearerTokens() {
        let text = #"GET https://x/y?page=1&token=abc failed; body {"access_token": "tok"}; header Authorization: Bearer eyJ.abc.def"#

        #expect(
            Redactor().redact(text: text)
                == #"GET https://x/y?page=1&token=<redacted> failed; body {"access_token": "<redacted>"}; header Authorization: Bearer <redacted>"#
        )
    }

    @Test func registeredSecretsAreRedactedLiterallyAndPercentEncoded() {
        let redactor = Redactor().registering(Secret("s3cr3t value/1"))

        #expect(
            redactor.redact(text: "path /s3cr3t value/1/ and ?q=s3cr3t%20value%2F1 and s3cr3t+value%2F1")
                == "path /<redacted>/ and ?q=<redacted> and <redacted>")
        #expect(redactor.redact(headers: ["X-Custom": "s3cr3t value/1"])["X-Custom"] == "<redacted>")
        #expect(!String(describing: redactor).contains("s3cr3t"))
        #expect(!String(reflecting: redactor).contains("s3cr3t"))
    }

    @Test func requestAndHeadersNeverPrintCredentials() {
        let request = HTTPRequest(
            url: "https://shop.example/x?consumer_secret=cs_live",
            headers: ["X-Shopify-Access-Token": "shpat_live", "Accept": "*/*"]
        )

        for text in [String(describing: request), String(reflecting: request), String(describing: request.headers)] {
            #expect(!text.contains("cs_live"))
            #expect(!text.contains("shpat_live"))
        }
        var dumped = ""
        dump(request, to: &dumped)
        #expect(!dumped.contains("cs_live"))
        #expect(!dumped.contains("shpat_live"))
        #expect(String(describing: request.headers).contains("Accept: */*"))
    }

    @Test func failingRequestLeaksNoSecretIntoErrorOrLogs() async throws {
        let secrets = ["ck_LIVEKEY", "cs_LIVESECRET", "shpat_LIVETOKEN", "BEARERLIVE", "STOREPATHSECRET"]
        let server = try LocalHTTPServer(script: [.closeMidBody(status: 200, declaredLength: 50, sentBody: Array("{\"a\"".utf8))])
        defer { server.stop() }
        let logs = LogCapture()
        let redactor = Redactor().registering(Secret("STOREPATHSECRET"))
        let client = HTTPClient(configuration: .testing(maxAttempts: 2, sleeps: SleepRecorder(), redactor: redactor), logger: logs.logger())
        let url =
            server.baseURL + "/stores/STOREPATHSECRET/wp-json/wc/v3/products?consumer_key=ck_LIVEKEY&consumer_secret=cs_LIVESECRET&page=2"
        let request = HTTPRequest(url: url, headers: ["Authorization": "Bearer BEARERLIVE", "X-Shopify-Access-Token": "shpat_LIVETOKEN"])

        let error = try await #require(throws: HTTPClientError.self) { try await client.send(request) }

        // The secrets did go out on the wire: the server saw them.
        #expect(server.requests.first?.target.contains("cs_LIVESECRET") == true)
        #expect(server.requests.first?.header("X-Shopify-Access-Token") == "shpat_LIVETOKEN")
        let retryLines = logs.entries.filter { $0.message == "Retrying HTTP request" }
        #expect(retryLines.count == 1)
        #expect(retryLines.first?.metadata["http.url"]?.contains("consumer_secret=<redacted>&page=2") == true)
        #expect(retryLines.first?.metadata["http.retry_reason"] == "connectionClosedMidBody")
        #expect(retryLines.first?.metadata["http.attempt"] == "1")
        #expect(error.url.contains("/stores/<redacted>/"))

        var dumped = ""
        dump(error, to: &dumped)
        let texts = [String(describing: error), String(reflecting: error), error.message, error.url, dumped] + logs.entries.map(\.allText)
        for text in texts {
            for secret in secrets { #expect(!text.contains(secret), "\(secret) leaked into: \(text)") }
        }
    }
}
