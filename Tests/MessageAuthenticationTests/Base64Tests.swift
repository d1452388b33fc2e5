import MessageAuthentication
import Testing

@Suite("Base64 (RFC 4648) and hex")
struct Base64Tests {
    /// RFC 4648 §10 test vectors.
    @Test(
        "RFC 4648 vectors encode and decode",
        arguments: [
            ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
        ])
    func rfcVectors(plain: String, encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test("every byte value round-trips, with + and / in the alphabet")
    func allBytes() {
        let bytes = (0...255).map { UInt8($0) }
        let encoded = Base64.encode(bytes)
        #expect(encoded.contains("+") && encoded.contains("/"))
        #expect(Base64.decode(encoded) == bytes)
    }

    @Test("malformed base64 is refused", arguments: ["Zg=", "Z===", "Zm9v!A==", "Zg==Zg==", "Zm=v"])
    func malformed(text: String) {
        #expect(Base64.decode(text) == nil)
    }

    @Test("hex round-trips and refuses odd or non-hex text")
    func hex() {
        #expect(Hex.encode([0x00, 0xab, 0xff]) == "00abff")
        #expect(Hex.decode("00ABff") == [0x00, 0xab, 0xff])
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
    }
}
