import Foundation
import Synchronization

/// The OAuth nonces a store has seen lately, so that a replayed request is refused as WooCommerce
/// refuses it ("Invalid nonce - nonce has already been used."). Shared by every request to one
/// store; entries older than the timestamp window are dropped as new ones arrive.
final class NonceLedger: Sendable {
    private let seen = Mutex<[String: Date]>([:])

    /// Records `nonce` for `consumerKey`; false when it was already used within `window`.
    func use(_ nonce: String, consumerKey: String, at now: Date, window: TimeInterval) -> Bool {
        seen.withLock { seen in
            if seen.count > 10_000 { seen = seen.filter { now.timeIntervalSince($0.value) < window } }
            let key = consumerKey + "\u{0}" + nonce
            if let used = seen[key], now.timeIntervalSince(used) < window { return false }
            seen[key] = now
            return true
        }
    }
}
