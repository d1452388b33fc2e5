import MessageAuthentication
import Testing

private func bytes(_ hex: String) -> [UInt8] { Hex.decode(hex)! }
private func repeated(_ byte: UInt8, _ count: Int) -> [UInt8] { [UInt8](repeating: byte, count: count) }

@Suite("HMAC-SHA256 (RFC 4231) and HMAC-SHA1 (RFC 2202)")
struct HMACTests {
    /// RFC 4231 §4.2–4.8, all but test case 5 (a truncated output, which nobody here uses).
    static let rfc4231: [(key: [UInt8], data: [UInt8], mac: String)] = [
        (repeated(0x0b, 20), Array("Hi There".utf8), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (
            Array("Jefe".utf8), Array("what do ya want for nothing?".utf8),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        ),
        (repeated(0xaa, 20), repeated(0xdd, 50), "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        (
            bytes("0102030405060708090a0b0c0d0e0f10111213141516171819"), repeated(0xcd, 50),
            "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"
        ),
        (
            repeated(0xaa, 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        ),
        (
            repeated(0xaa, 131),
            Array(
                "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."
                    .utf8),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
        ),
    ]

    /// RFC 2202 §3, all but test case 5 (truncated output).
    static let rfc2202: [(key: [UInt8], data: [UInt8], mac: String)] = [
        (repeated(0x0b, 20), Array("Hi There".utf8), "b617318655057264e28bc0b6fb378c8ef146be00"),
        (Array("Jefe".utf8), Array("what do ya want for nothing?".utf8), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"),
        (repeated(0xaa, 20), repeated(0xdd, 50), "125d7342b9ac11cd91a39af48aa17b4f63f175d3"),
        (bytes("0102030405060708090a0b0c0d0e0f10111213141516171819"), repeated(0xcd, 50), "4c9007f4026250c6bc8414f9bf50c86c2d7235da"),
        (
            repeated(0xaa, 80), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
            "aa4ae5e15272d00e95705637ce8a3b55ed402112"
        ),
        (
            repeated(0xaa, 80), Array("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data".utf8),
            "e8e99d0f45237d786d6bbaa7965c7808bbff1a91"
        ),
    ]

    @Test("RFC 4231 HMAC-SHA256 test cases", arguments: 0..<rfc4231.count)
    func hmacSHA256(index: Int) {
        let vector = Self.rfc4231[index]
        #expect(Hex.encode(HMAC<SHA256>.authenticationCode(for: vector.data, key: vector.key)) == vector.mac)
        #expect(HMAC<SHA256>.isValidAuthenticationCode(bytes(vector.mac), for: vector.data, key: vector.key))
    }

    @Test("RFC 2202 HMAC-SHA1 test cases", arguments: 0..<rfc2202.count)
    func hmacSHA1(index: Int) {
        let vector = Self.rfc2202[index]
        #expect(Hex.encode(HMAC<SHA1>.authenticationCode(for: vector.data, key: vector.key)) == vector.mac)
    }

    @Test("a key of exactly one block is used as is, one byte more is hashed first")
    func keyAtBlockSize() {
        // Python: hmac.new(bytes(64*[0x61]), b"message", "sha256").hexdigest() and with 65 bytes.
        let message = Array("message".utf8)
        #expect(
            Hex.encode(HMAC<SHA256>.authenticationCode(for: message, key: repeated(0x61, 64)))
                == "6117f44d3e99fd884a6c9dc786e91e812c2a7b1c6240231edfcfe60343ff61cb")
        #expect(
            Hex.encode(HMAC<SHA256>.authenticationCode(for: message, key: repeated(0x61, 65)))
                == "88d81ab6f6f7dd8671c038c63fff879a74aa747f0ce7ff496b867eb554419e73")
    }

    @Test("a webhook signature: base64(HMAC-SHA256(secret, raw body)), streamed or in one call")
    func webhookSignature() {
        let body = Array(#"{"id":1001,"sku":"TEE-BLK-M"}"#.utf8)
        let secret = Array("whsec_test".utf8)
        var streamed = HMAC<SHA256>(key: secret)
        streamed.update(body[..<7])
        streamed.update(body[7...])
        let code = streamed.finalize()
        #expect(code == HMAC<SHA256>.authenticationCode(for: body, key: secret))
        #expect(!HMAC<SHA256>.isValidAuthenticationCode(code, for: body + [0x20], key: secret))
        #expect(Base64.decode(Base64.encode(code)) == code)
    }

    @Test("constant-time comparison is plain equality on its results")
    func constantTime() {
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2]))
        #expect(ConstantTime.equals([], []))
    }
}
