/// A Merkle–Damgård hash with 64-byte blocks (SHA-1, SHA-256): what ``HMAC`` is built over.
///
/// Both hashes here share the block size and the length padding, so one protocol lets `HMAC`
/// be written once; it is public so callers can write `HMAC<SHA256>` or `HMAC<SHA1>`.
public protocol HashFunction: Sendable {
    /// Bytes per input block (64 for SHA-1 and SHA-256).
    static var blockSize: Int { get }
    /// Bytes in a digest (20 for SHA-1, 32 for SHA-256).
    static var digestSize: Int { get }

    /// A hash over no input yet.
    init()
    /// Feeds more input; may be called any number of times.
    mutating func update(_ bytes: some Sequence<UInt8>)
    /// The digest of everything fed so far. The value is consumed: make a new one to hash again.
    consuming func finalize() -> [UInt8]
}

extension HashFunction {
    /// The digest of `bytes` in one call.
    public static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var hasher = Self()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The digest of a string's UTF-8 bytes.
    public static func hash(_ text: String) -> [UInt8] { hash(Array(text.utf8)) }
}

/// The block buffering and length padding that SHA-1 and SHA-256 share (FIPS 180-4 §5.1.1).
struct BlockBuffer: Sendable {
    private(set) var pending: [UInt8] = []
    /// Total input length in bytes.
    private(set) var length: UInt64 = 0

    init() { pending.reserveCapacity(64) }

    /// Appends input, calling `compress` for every full 64-byte block; whole blocks of the input
    /// are compressed in place, without copying them into the buffer.
    mutating func append(_ bytes: some Sequence<UInt8>, compress: (UnsafeBufferPointer<UInt8>) -> Void) {
        let input = Array(bytes)
        length &+= UInt64(input.count)
        input.withUnsafeBufferPointer { input in
            var index = 0
            if !pending.isEmpty {
                index = min(64 - pending.count, input.count)
                pending.append(contentsOf: input[0..<index])
                if pending.count == 64 {
                    pending.withUnsafeBufferPointer { compress($0) }
                    pending.removeAll(keepingCapacity: true)
                }
            }
            while input.count - index >= 64 {
                compress(UnsafeBufferPointer(rebasing: input[index..<(index + 64)]))
                index += 64
            }
            pending.append(contentsOf: input[index...])
        }
    }

    /// Appends `0x80`, zeros, and the bit length big-endian, compressing the last one or two blocks.
    mutating func pad(compress: (UnsafeBufferPointer<UInt8>) -> Void) {
        let bitLength = length &* 8
        pending.append(0x80)
        if pending.count > 56 {
            pending.append(contentsOf: repeatElement(0, count: 64 - pending.count))
            pending.withUnsafeBufferPointer { compress($0) }
            pending.removeAll(keepingCapacity: true)
        }
        pending.append(contentsOf: repeatElement(0, count: 56 - pending.count))
        for shift in stride(from: 56, through: 0, by: -8) {
            pending.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        pending.withUnsafeBufferPointer { compress($0) }
        pending.removeAll()
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The big-endian 32-bit word at word index `index`.
    @inline(__always)
    func bigEndianWord(_ index: Int) -> UInt32 {
        let base = index * 4
        return UInt32(self[base]) << 24 | UInt32(self[base + 1]) << 16 | UInt32(self[base + 2]) << 8 | UInt32(self[base + 3])
    }
}

extension Array where Element == UInt8 {
    /// Appends a 32-bit word big-endian.
    mutating func appendBigEndian(_ word: UInt32) {
        append(UInt8(truncatingIfNeeded: word >> 24))
        append(UInt8(truncatingIfNeeded: word >> 16))
        append(UInt8(truncatingIfNeeded: word >> 8))
        append(UInt8(truncatingIfNeeded: word))
    }
}
