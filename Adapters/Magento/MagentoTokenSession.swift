import CatalogModel
import Foundation
import HTTPClient
import JSONValue
import StorefrontAdapter

/// The bearer token a Magento store is called with: the integration token as configured, or an
/// admin token from the user name and password, obtained on first use and renewed before it
/// expires.
///
/// Admin tokens (`POST /V1/integration/admin/token`) last `oauth/access_token_lifetime/admin`
/// hours, 4 by default; since 2.4.4 they are JWTs whose `iat`/`exp` say so. The session renews
/// a token once 90% of that lifetime has passed on Concord's own clock (at most 5 minutes before
/// the end), and again whenever the store answers 401 to it — the store's clock, a revoked token
/// or a changed lifetime can end a token early. Concurrent callers share one sign-in.
actor MagentoTokenSession {
    let endpoint: StoreEndpoint
    let client: HTTPClient
    let defaultLifetime: TimeInterval
    private let now: @Sendable () -> Date

    private var token: Secret?
    private var renewAt: Date = .distantPast
    private var signIn: Task<Secret, any Error>?
    /// Admin sign-ins made, for reports and tests.
    private(set) var signIns = 0

    init(endpoint: StoreEndpoint, client: HTTPClient, defaultLifetime: TimeInterval, now: @escaping @Sendable () -> Date = { Date() }) {
        self.endpoint = endpoint
        self.client = client
        self.defaultLifetime = defaultLifetime
        self.now = now
    }

    /// Whether the token comes from signing in (and so can be renewed) rather than configuration.
    nonisolated var usesAdminToken: Bool { endpoint.token == nil }

    /// The token to send now.
    func current() async throws -> Secret {
        if let configured = endpoint.token { return configured }
        if let token, now() < renewAt { return token }
        return try await renew()
    }

    /// A new token after the store refused `rejected` with a 401; nil when there is nothing
    /// better to try (an integration token, which only the merchant can replace).
    func replacement(for rejected: Secret) async throws -> Secret? {
        guard endpoint.token == nil else { return nil }
        if let token, token.reveal() != rejected.reveal() { return token }  // someone renewed it already
        token = nil
        return try await renew()
    }

    private func renew() async throws -> Secret {
        if let signIn { return try await signIn.value }
        let task = Task { [endpoint, client] in try await Self.signIn(endpoint, client: client) }
        signIn = task
        defer { signIn = nil }
        let fresh = try await task.value
        signIns += 1
        let lifetime = Self.lifetime(of: fresh) ?? defaultLifetime
        token = fresh
        renewAt = now().addingTimeInterval(lifetime - min(300, lifetime * 0.1))
        return fresh
    }

    /// `POST /V1/integration/admin/token` with the admin user name and password.
    static func signIn(_ endpoint: StoreEndpoint, client: HTTPClient) async throws -> Secret {
        guard let username = endpoint.key, let password = endpoint.secret else {
            throw AdapterError(
                code: .unauthorized, store: endpoint.store,
                message:
                    "no Magento credentials; set the variable named by token_env (an integration's access token), or username_env and password_env (an admin user)"
            )
        }
        let body: JSONValue = ["username": .string(username.reveal()), "password": .string(password.reveal())]
        var request = HTTPRequest(
            method: .post, url: MagentoConnection.apiBase(endpoint) + "/integration/admin/token",
            headers: ["Content-Type": "application/json", "Accept": "application/json"], body: body.bytes, retrySafe: true)
        request.responseIsSecret = true
        let response: HTTPResponse
        do {
            response = try await client.send(request)
        } catch let error as HTTPClientError {
            throw MagentoRESTClient.unreachable(error, store: endpoint.store)
        }
        guard response.isSuccess else {
            let said = MagentoConnection.message(response.body)
            if response.status == 401 || response.status == 400 {
                throw AdapterError(
                    code: .unauthorized, store: endpoint.store,
                    message:
                        "Magento refused the admin sign-in (HTTP \(response.status)\(said.map { ": " + $0 } ?? "")); check the user name and password in the variables named by username_env and password_env. Magento locks an admin account after repeated failures (Admin → System → Locked Users), and an account with two-factor authentication cannot sign in through the API: use an integration token instead",
                    status: response.status)
            }
            throw MagentoRESTClient.failure(response, store: endpoint.store)
        }
        guard let text = (try? JSONValue.parse(response.body))?.stringValue, !text.isEmpty else {
            throw AdapterError.malformed("the admin token answer is not a JSON string", store: endpoint.store)
        }
        // From here on the token is redacted like a configured credential, wherever it appears.
        client.register(secret: Secret(text))
        return Secret(text)
    }

    /// A JWT's lifetime (`exp - iat`), or nil when the token is not a JWT that says.
    static func lifetime(of token: Secret) -> TimeInterval? {
        let parts = token.reveal().split(separator: ".")
        guard parts.count == 3 else { return nil }
        var text = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        guard let data = Data(base64Encoded: text), let claims = try? JSONValue.parse(Array(data)),
            let issued = claims["iat"]?.int64Value, let expires = claims["exp"]?.int64Value, expires > issued
        else { return nil }
        return TimeInterval(expires - issued)
    }
}
