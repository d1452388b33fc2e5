import Crypto

/// A hash function from swift-crypto (BoringSSL underneath on Linux): Concord writes no
/// cryptography of its own. The protocol keeps the small surface the project uses — a one-call
/// hash, a streaming hasher, and the type parameter of ``HMAC`` — over swift-crypto's types.
public protocol HashFunction {
    associatedtype Implementation: Crypto.HashFunction
    init()
    var hasher: Implementation { get set }
}

extension HashFunction {
    public static var digestSize: Int { Implementation.Digest.byteCount }

    public static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        Array(Implementation.hash(data: Array(bytes)))
    }

    public static func hash(_ text: String) -> [UInt8] { hash(Array(text.utf8)) }

    public mutating func update(_ bytes: some Sequence<UInt8>) { hasher.update(data: Array(bytes)) }

    public func finalize() -> [UInt8] { Array(hasher.finalize()) }
}

/// SHA-256 (FIPS 180-4): webhook signatures, plan signatures, body digests.
public struct SHA256: HashFunction {
    public var hasher = Crypto.SHA256()
    public init() {}
}

/// SHA-1, only where a platform still signs with it (WooCommerce's OAuth 1.0a `HMAC-SHA1`).
public struct SHA1: HashFunction {
    public var hasher = Insecure.SHA1()
    public init() {}
}
