import Foundation
import Testing

@testable import PostgresClient

/// The text forms parameters are sent in and results read from, without a server.
struct PostgresValueTests {
    @Test(
        arguments: [
            ("2026-12-07 21:15:03.123456+00", 1_796_678_103.123456),
            ("2026-12-07 21:15:03+00", 1_796_678_103.0),
            ("2026-12-08 02:45:03.5+05:30", 1_796_678_103.5),
            ("2026-12-07 17:45:03-03:30", 1_796_678_103.0),
            ("1970-01-01 00:00:00+00", 0.0),
            ("1969-12-31 23:59:59.75+00", -0.25),
            ("2026-12-07T21:15:03Z", nil),
            ("infinity", nil),
            ("0044-03-15 12:00:00+00 BC", nil),
            ("2026-13-07 21:15:03+00", nil),
        ] as [(String, Double?)])
    func timestamptzTextIsRead(text: String, seconds: Double?) throws {
        let date = PostgresTimestamp.parse(text)
        guard let seconds else {
            #expect(date == nil)
            return
        }
        let parsed = try #require(date)
        #expect(abs(parsed.timeIntervalSince1970 - seconds) < 0.000_001)
    }

    @Test func timestamptzIsWrittenInUTCToTheMicrosecondAndReadBack() throws {
        let date = Date(timeIntervalSince1970: 1_796_678_103.123456)
        #expect(PostgresValue.timestamptz(date).postgresText == "2026-12-07 21:15:03.123456+00")
        #expect(PostgresValue.timestamptz(Date(timeIntervalSince1970: -0.25)).postgresText == "1969-12-31 23:59:59.750000+00")
        let back = try #require(PostgresTimestamp.parse(PostgresValue.timestamptz(date).postgresText))
        #expect(abs(back.timeIntervalSince1970 - date.timeIntervalSince1970) < 0.000_001)
    }

    @Test func byteaIsHexBothWays() {
        let data = Data([0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff])
        #expect(PostgresValue.bytea(data).postgresText == #"\x00017f80feff"#)
        #expect(PostgresHex.decode(#"\x00017F80FEFF"#) == data)
        #expect(PostgresHex.decode(#"\x"#) == Data())
        #expect(PostgresHex.decode(#"\x0"#) == nil)
        #expect(PostgresHex.decode(#"\000"#) == nil)
    }

    @Test func copyTextEscapesItsSeparatorsAndWritesNullAsBackslashN() {
        var encoder = CopyTextEncoder()
        encoder.append(["a\tb", "line\nnext\r", #"back\slash"#, nil, .int64(-3), true])
        encoder.append([#"\N"#, "", "ü", nil, 0, false])
        let first = [#"a\tb"#, #"line\nnext\r"#, #"back\\slash"#, #"\N"#, "-3", "t"].joined(separator: "\t")
        let second = [#"\\N"#, "", "ü", #"\N"#, "0", "f"].joined(separator: "\t")
        #expect(String(decoding: encoder.take(), as: UTF8.self) == first + "\n" + second + "\n")
        #expect(encoder.rowCount == 2)
        #expect(encoder.bytes.isEmpty)
    }
}
