/// Wraps bytes in a valid gzip stream (RFC 1952) using deflate's stored blocks (RFC 1951 §3.2.4).
///
/// ConcordTesting cannot link zlib without a change to `Package.swift`, and shelling out to
/// `gzip` would make the server depend on the machine. Stored blocks are not compressed, but any
/// conforming decoder (curl's zlib included) must decode them, which is what a test of the
/// client's `Content-Encoding` handling needs. Tests that want real compression can send bytes
/// produced by `gzip` as a plain body with a `Content-Encoding: gzip` header.
public enum LocalHTTPGzip {
    /// `bytes` as a gzip member: header, stored deflate blocks of at most 65,535 bytes, CRC-32, size.
    public static func encode(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF]
        var offset = 0
        repeat {
            let length = min(65_535, bytes.count - offset)
            let isFinal = offset + length == bytes.count
            output.append(isFinal ? 0x01 : 0x00)
            output.append(contentsOf: littleEndian(UInt16(length)))
            output.append(contentsOf: littleEndian(~UInt16(length)))
            output.append(contentsOf: bytes[offset..<offset + length])
            offset += length
        } while offset < bytes.count
        output.append(contentsOf: littleEndian(crc32(bytes)))
        output.append(contentsOf: littleEndian(UInt32(truncatingIfNeeded: bytes.count)))
        return output
    }

    /// The CRC-32 gzip uses (reflected polynomial 0xEDB88320).
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 {
                crc = (crc & 1) == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1
            }
        }
        return ~crc
    }

    private static func littleEndian<Value: FixedWidthInteger>(_ value: Value) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }
}
