import MessageAuthentication
import Testing

/// Inputs whose lengths sit on the padding edges: 55 bytes pads into one block, 56 needs a second,
/// 64 is exactly one block, 65 spills one byte. Bytes are `(i * 7 + 3) % 256` so that they are not
/// all one value; digests computed with Python's `hashlib`.
private func patterned(_ count: Int) -> [UInt8] { (0..<count).map { UInt8(($0 * 7 + 3) % 256) } }

@Suite("SHA-256 and SHA-1 against FIPS 180 vectors and block edges")
struct HashFunctionTests {
    @Test(
        "FIPS 180-2 SHA-256 examples",
        arguments: [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
            (
                "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
                "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
            ),
        ])
    func sha256Examples(input: String, digest: String) {
        #expect(Hex.encode(SHA256.hash(input)) == digest)
    }

    @Test(
        "FIPS 180-2 SHA-1 examples",
        arguments: [
            ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
            ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
            ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
        ])
    func sha1Examples(input: String, digest: String) {
        #expect(Hex.encode(SHA1.hash(input)) == digest)
    }

    @Test("one million 'a' (FIPS 180-2), fed in uneven pieces")
    func millionA() {
        var sha256 = SHA256()
        var sha1 = SHA1()
        var remaining = 1_000_000
        var piece = 1
        while remaining > 0 {
            let count = min(piece, remaining)
            let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: count)
            sha256.update(bytes)
            sha1.update(bytes)
            remaining -= count
            piece = piece * 3 % 1000 + 1
        }
        #expect(Hex.encode(sha256.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        #expect(Hex.encode(sha1.finalize()) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    @Test(
        "lengths around the padding and block boundaries",
        arguments: [
            (55, "e7313d333c272e639f790978283f9eb392e843d0f29b7016828bb1daa4aac70b", "ddf57317ef34bfee3b6df83d359098930eb278bc"),
            (56, "4324d65f3c103567f5589c710bc08f8523f929a9272e3af36fc968e52abc6c27", "a0d492bb0fc889d0eca3bc137066ab6f4f74f369"),
            (63, "81c80242132f230c3bd41b3e63bbcff16107339549214a99614ff26664625055", "c55856749bef509bdfe6bfebfc7bf4e793e82132"),
            (64, "39e3d7b6b5d075d37d053ad89b24b41bef4f3c29760c84447cab3f3be1882241", "bede92be29c3874e1b54ddc77988d606fc857a8e"),
            (65, "aacca6ff74fdbb296d165a45cecfa04e5127bc008770fbbdd48006f2d2fae95e", "b05a80522b053d6dc7e0a517d0e70212c7dad11f"),
            (119, "9ce7368e4daf32341631b492e80359dc9f594b48453cd0dd5bf0b19279cc177e", "504e27376a6e0f0dba8295b85cb25dc4dfa17d23"),
            (120, "7836b787757e95e58b3ca5aec90b1b004e8deba1e50e9675af9cabf1a13a04b5", "82134b02fb3f702491be9bed581eeab59334acb2"),
            (128, "d2742f1f4ac6bb7ca2b239ee18402ba8b3f9f8e652d2a72973c2b9ba11c08cf6", "a09133e6730ffe899efb70204cb5646cd5dc24ee"),
        ])
    func blockEdges(length: Int, sha256: String, sha1: String) {
        let input = patterned(length)
        #expect(Hex.encode(SHA256.hash(input)) == sha256)
        #expect(Hex.encode(SHA1.hash(input)) == sha1)
        // The same bytes fed one at a time and split at every offset give the same digest.
        for split in [0, 1, length / 2, length - 1, length] where split >= 0 && split <= length {
            var hasher = SHA256()
            hasher.update(input[..<split])
            hasher.update(input[split...])
            #expect(Hex.encode(hasher.finalize()) == sha256, "split at \(split)")
        }
        var bytewise = SHA1()
        for byte in input { bytewise.update(CollectionOfOne(byte)) }
        #expect(Hex.encode(bytewise.finalize()) == sha1)
    }
}
