import Foundation
import Synchronization

/// The admin tokens `POST /V1/integration/admin/token` has handed out, with when each expires.
///
/// Since 2.4.4 Magento's admin tokens are JWTs (`eyJ...`, HS256) that expire after
/// `oauth/access_token_lifetime/admin` hours, 4 by default. The simulator issues tokens of that
/// shape and remembers them; expiry follows the store's clock, so a test with a stepping clock
/// can walk a token past its lifetime.
final class AdminTokenStore: Sendable {
    private let tokens = Mutex<[String: Date]>([:])

    /// A new token for the admin user, valid until `now + lifetime`.
    func issue(now: Date, lifetime: TimeInterval) -> String {
        let issuedAt = Int(now.timeIntervalSince1970)
        let expires = now.addingTimeInterval(lifetime)
        let header = Self.base64URL(Array(#"{"kid":"1","alg":"HS256"}"#.utf8))
        let payload = Self.base64URL(Array(#"{"uid":1,"utypid":2,"iat":\#(issuedAt),"exp":\#(Int(expires.timeIntervalSince1970))}"#.utf8))
        var generator = SystemRandomNumberGenerator()
        let signature = Self.base64URL((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let token = header + "." + payload + "." + signature
        tokens.withLock { $0[token] = expires }
        return token
    }

    /// Whether `token` was issued here and has not expired at `now`.
    func isValid(_ token: String, now: Date) -> Bool {
        tokens.withLock { stored in
            guard let expires = stored[token] else { return false }
            if now >= expires {
                stored[token] = nil
                return false
            }
            return true
        }
    }

    private static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
