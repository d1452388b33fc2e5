import Foundation
import JSONValue
import Testing

@Suite("JSONValue: parse, read, write")
struct JSONValueTests {
    @Test("numbers keep their literal text, so a price never passes through a Double")
    func numbersAreLossless() throws {
        let value = try JSONValue.parse(#"{"price": 19.90, "big": 12345678901234567890, "tiny": 0.1}"#)
        #expect(value["price"] == .number("19.90"))
        #expect(value["price"]?.decimalValue == Decimal(string: "19.9"))
        #expect(value["big"]?.numberText == "12345678901234567890")
        #expect(value["big"]?.int64Value == nil)
        #expect(value.serialized == #"{"price":19.90,"big":12345678901234567890,"tiny":0.1}"#)
    }

    @Test("objects keep key order; a repeated key keeps its first place and last value")
    func keyOrder() throws {
        let value = try JSONValue.parse(#"{"b": 1, "a": 2, "b": 3}"#)
        #expect(value.objectValue?.keys == ["b", "a"])
        #expect(value["b"] == 3)
    }

    @Test("strings: escapes, \\u escapes and surrogate pairs read and write back")
    func strings() throws {
        let value = try JSONValue.parse(#"["a\"b\\c\/d\n", "\u00e9\ud83d\ude00", "tab\there"]"#)
        #expect(value[0] == .string("a\"b\\c/d\n"))
        #expect(value[1] == .string("é😀"))
        #expect(try JSONValue.parse(value.serialized) == value)
        #expect(JSONValue.string("\u{01}").serialized == #""\u0001""#)
    }

    @Test("IDs and prices read as numbers or as strings, the way platforms send them")
    func lenientReaders() throws {
        let value = try JSONValue.parse(#"{"id": "42", "n": 42, "price": "7.50", "flag": true, "none": null}"#)
        #expect(value["id"]?.int64Value == 42)
        #expect(value["n"]?.intValue == 42)
        #expect(value["price"]?.decimalValue == Decimal(string: "7.5"))
        #expect(value["flag"]?.boolValue == true)
        #expect(value["none"]?.isNull == true)
        #expect(value["missing"] == nil)
        #expect(JSONValue.string("abc").decimalValue == nil)
    }

    @Test(
        "malformed documents fail with the byte offset where reading stopped",
        arguments: [
            (#"{"a": 1"#, 7),
            (#"{"a" 1}"#, 5),
            (#"[1, 2,, 3]"#, 6),
            (#"{"a": tru}"#, 9),
            (#"{"a": 01}"#, 7),
            (#"{"a": 1} x"#, 9),
            (#""unterminated"#, 13),
            (#"{"a": "\x"}"#, 8),
        ]
    )
    func malformed(text: String, offset: Int) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
        do {
            _ = try JSONValue.parse(text)
        } catch {
            #expect(error.offset == offset, "\(text): \(error)")
        }
    }

    @Test("a truncated body says it ended early")
    func truncated() {
        do {
            _ = try JSONValue.parse(#"{"data": {"products": [{"id": 1}, {"id""#)
            Issue.record("expected a parse error")
        } catch {
            #expect(error.reason == "unexpected end of input")
        }
    }

    @Test("nesting beyond 512 levels is refused instead of overflowing the stack")
    func depthLimit() {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(deep) }
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect((try? JSONValue.parse(fine)) != nil)
    }

    @Test("decimal values write plainly and pretty printing indents")
    func writing() {
        #expect(JSONValue.decimal(Decimal(string: "1234.5")!).serialized == "1234.5")
        #expect(JSONValue.decimal(Decimal(string: "0.000001")!).serialized == "0.000001")
        let value: JSONValue = ["a": [1, 2], "b": [:], "c": []]
        #expect(value.prettyPrinted == "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {},\n  \"c\": []\n}")
    }
}
