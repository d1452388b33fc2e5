/// HMAC (RFC 2104) over SHA-256 or SHA-1.
///
/// `HMAC<SHA256>.authenticationCode(for: body, key: secret)` is what WooCommerce and Shopify send
/// base64-encoded in their webhook signature headers, and what WooCommerce's OAuth 1.0a
/// signatures are made of (key `consumer_secret + "&"`).
public struct HMAC<H: HashFunction>: Sendable {
    private var inner: H
    private let outerKeyPad: [UInt8]

    /// Starts a MAC under `key`; keys longer than the block are hashed first, as RFC 2104 says.
    public init(key: some Sequence<UInt8>) {
        var key = Array(key)
        if key.count > H.blockSize { key = H.hash(key) }
        key.append(contentsOf: repeatElement(0, count: H.blockSize - key.count))
        inner = H()
        inner.update(key.map { $0 ^ 0x36 })
        outerKeyPad = key.map { $0 ^ 0x5c }
    }

    public mutating func update(_ bytes: some Sequence<UInt8>) { inner.update(bytes) }

    public consuming func finalize() -> [UInt8] {
        var outer = H()
        outer.update(outerKeyPad)
        outer.update(inner.finalize())
        return outer.finalize()
    }

    /// The MAC of `message` under `key` in one call.
    public static func authenticationCode(for message: some Sequence<UInt8>, key: some Sequence<UInt8>) -> [UInt8] {
        var mac = HMAC(key: key)
        mac.update(message)
        return mac.finalize()
    }

    /// The MAC of a string's UTF-8 bytes under a string key's UTF-8 bytes.
    public static func authenticationCode(for message: String, key: String) -> [UInt8] {
        authenticationCode(for: Array(message.utf8), key: Array(key.utf8))
    }

    /// Whether `code` is the MAC of `message` under `key`, compared in constant time so that a
    /// caller checking a signature does not leak how many leading bytes were right.
    public static func isValidAuthenticationCode(_ code: some Sequence<UInt8>, for message: some Sequence<UInt8>, key: some Sequence<UInt8>) -> Bool {
        ConstantTime.equals(Array(code), authenticationCode(for: message, key: key))
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
