import Crypto

/// HMAC (RFC 2104) over SHA-256 or SHA-1, computed by swift-crypto.
///
/// `HMAC<SHA256>.authenticationCode(for: body, key: secret)` is what WooCommerce and Shopify send
/// base64-encoded in their webhook signature headers, and what WooCommerce's OAuth 1.0a
/// signatures are made of (key `consumer_secret + "&"`).
public struct HMAC<H: HashFunction> {
    private var state: Crypto.HMAC<H.Implementation>

    public init(key: some Sequence<UInt8>) {
        state = Crypto.HMAC<H.Implementation>(key: SymmetricKey(data: Array(key)))
    }

    public mutating func update(_ bytes: some Sequence<UInt8>) { state.update(data: Array(bytes)) }

    public consuming func finalize() -> [UInt8] { Array(state.finalize()) }

    /// The MAC of `message` under `key` in one call.
    public static func authenticationCode(for message: some Sequence<UInt8>, key: some Sequence<UInt8>) -> [UInt8] {
        Array(Crypto.HMAC<H.Implementation>.authenticationCode(for: Array(message), using: SymmetricKey(data: Array(key))))
    }

    /// The MAC of a string's UTF-8 bytes under a string key's UTF-8 bytes.
    public static func authenticationCode(for message: String, key: String) -> [UInt8] {
        authenticationCode(for: Array(message.utf8), key: Array(key.utf8))
    }

    /// Whether `code` is the MAC of `message` under `key`, compared in constant time (swift-crypto's
    /// own check) so that a caller checking a signature does not leak how many leading bytes
    /// were right.
    public static func isValidAuthenticationCode(_ code: some Sequence<UInt8>, for message: some Sequence<UInt8>, key: some Sequence<UInt8>)
        -> Bool
    {
        Crypto.HMAC<H.Implementation>.isValidAuthenticationCode(
            Array(code), authenticating: Array(message), using: SymmetricKey(data: Array(key)))
    }
}

/// Comparisons whose running time does not depend on where two byte strings differ.
public enum ConstantTime {
    /// True when both have the same length and bytes; time depends only on the lengths.
    public static func equals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}
