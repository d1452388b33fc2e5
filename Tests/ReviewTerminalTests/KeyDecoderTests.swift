import Testing

@testable import ReviewTerminal

@Suite("Key decoding")
struct KeyDecoderTests {
    @Test(
        "arrows, Enter, Escape, Ctrl-C and text",
        arguments: [
            ([0x1B, 0x5B, 0x41] as [UInt8], [Key.up]),
            ([0x1B, 0x5B, 0x42], [.down]),
            ([0x1B, 0x4F, 0x41], [.up]),
            ([0x1B, 0x5B, 0x35, 0x7E], [.pageUp]),
            ([0x1B], [.escape]),
            ([0x0D], [.enter]),
            ([0x03], [.interrupt]),
            ([0x7F], [.backspace]),
            (Array("jk".utf8), [.character("j"), .character("k")]),
            ([0x6A, 0x1B, 0x5B, 0x42, 0x63], [.character("j"), .down, .character("c")]),
            (Array("é".utf8), [.character("é")]),
        ])
    func decodes(bytes: [UInt8], keys: [Key]) {
        #expect(KeyDecoder.decode(bytes) == keys)
    }
}
