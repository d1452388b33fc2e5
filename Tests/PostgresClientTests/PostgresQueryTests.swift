import ConcordTesting
import Foundation
import PostgresClient
import Testing

/// Statements with parameters against a real server, and reading what comes back.
struct PostgresQueryTests {
    @Test(arguments: AwkwardText.samples)
    func textRoundTripsThroughParametersUnchanged(text: String) async throws {
        try await TestDatabase.withSchema { db, _ in
            try await db.execute("CREATE TABLE items (id bigint PRIMARY KEY, name text)")

            let inserted = try await db.query("INSERT INTO items (id, name) VALUES ($1, $2)", [1, .text(text)])
            let rows = try await db.query("SELECT name, length(name) AS length FROM items WHERE id = $1", [1])

            #expect(inserted.affectedRows == 1)
            #expect(rows.count == 1)
            #expect(try rows[0]["name", as: String.self] == text)
            #expect(try rows[0]["length", as: Int.self] == text.unicodeScalars.count)
        }
    }

    @Test func everyTypedValueAndNullRoundTrips() async throws {
        try await TestDatabase.withSchema { db, _ in
            try await db.execute(
                """
                CREATE TABLE items (
                    id bigint PRIMARY KEY, name text, quantity integer, active boolean, photo bytea, seen timestamptz,
                    price numeric(12, 2)
                )
                """)
            let seen = Date(timeIntervalSince1970: 1_796_678_103.123456)
            let photo = Data([0x00, 0x01, 0x5c, 0x09, 0x0a, 0xfe, 0xff])
            let insert = "INSERT INTO items VALUES ($1, $2, $3, $4, $5, $6, $7)"
            try await db.query(insert, [1, "Tee", .int(-5), true, .bytea(photo), .timestamptz(seen), "19.90"])
            try await db.query(insert, [2, nil, nil, nil, nil, nil, nil])

            let rows = try await db.query("SELECT * FROM items ORDER BY id")

            #expect(rows.columnNames == ["id", "name", "quantity", "active", "photo", "seen", "price"])
            let full = rows[0]
            #expect(try full["id", as: Int64.self] == 1)
            #expect(try full["name", as: String.self] == "Tee")
            #expect(try full["quantity", as: Int.self] == -5)
            #expect(try full["active", as: Bool.self] == true)
            #expect(try full["photo", as: Data.self] == photo)
            #expect(abs(try full["seen", as: Date.self].timeIntervalSince1970 - seen.timeIntervalSince1970) < 0.000_001)
            #expect(try full["price", as: String.self] == "19.90")  // numeric stays exact text
            #expect(full[1] == "Tee")

            let empty = rows[1]
            #expect(try empty["name", as: String?.self] == nil)
            #expect(try empty["quantity", as: Int?.self] == nil)
            #expect(try empty["active", as: Bool?.self] == nil)
            #expect(try empty["photo", as: Data?.self] == nil)
            #expect(try empty["seen", as: Date?.self] == nil)
            #expect(empty[6] == nil)
        }
    }

    @Test func aTimestampIsTheSameInstantWhateverTheSessionTimeZone() async throws {
        try await TestDatabase.withSchema { db, _ in
            let instant = Date(timeIntervalSince1970: 1_796_678_103.5)
            for zone in ["Asia/Kolkata", "America/St_Johns", "UTC", "Pacific/Chatham"] {
                try await db.execute("SET TimeZone TO '\(zone)'")
                let rows = try await db.query("SELECT $1::timestamptz AS at, $1::timestamptz::text AS shown", [.timestamptz(instant)])
                #expect(try rows[0]["at", as: Date.self] == instant, "shown as \(rows[0][1] ?? "NULL") in \(zone)")
            }
        }
    }

    @Test func aColumnThatCannotBeReadNamesItselfAndNotItsValue() async throws {
        try await TestDatabase.withSchema { db, _ in
            let rows = try await db.query("SELECT NULL::text AS note, 'secret-ish text' AS label")
            let row = rows[0]

            let null = try #require(throws: PostgresError.self) { try row["note", as: String.self] }
            let invalid = try #require(throws: PostgresError.self) { try row["label", as: Int64.self] }
            let missing = try #require(throws: PostgresError.self) { try row["nope", as: String.self] }

            #expect(null.code == .decoding)
            #expect(null.description.contains(#""note""#) && null.description.contains("NULL") && null.description.contains("String?"))
            #expect(invalid.description.contains(#""label""#) && invalid.description.contains("Int64"))
            #expect(!invalid.description.contains("secret-ish"))
            #expect(missing.description.contains(#""nope""#) && missing.description.contains(#""note", "label""#))
        }
    }

    @Test func aScriptRunsEveryStatementAndAFailingOneUndoesTheScript() async throws {
        try await TestDatabase.withSchema { db, _ in
            try await db.execute("CREATE TABLE a (id int); CREATE TABLE b (id int); INSERT INTO a VALUES (1), (2)")
            await #expect(throws: PostgresError.self) {
                try await db.execute("INSERT INTO b VALUES (1); INSERT INTO missing_table VALUES (1)")
            }

            let counts = try await db.query("SELECT (SELECT count(*) FROM a) AS a, (SELECT count(*) FROM b) AS b")

            #expect(try counts[0]["a", as: Int.self] == 2)
            #expect(try counts[0]["b", as: Int.self] == 0)
        }
    }

    @Test func aTextWithANulCharacterIsRefusedNotCutShort() async throws {
        try await TestDatabase.withSchema { db, _ in
            let error = await #expect(throws: PostgresError.self) { try await db.query("SELECT $1::text", ["before\u{0}after"]) }
            #expect(error?.code == .misuse)
            #expect(error?.description.contains("$1") == true)
            let after = try await db.query("SELECT 1 AS one")
            #expect(try after[0]["one", as: Int.self] == 1)
        }
    }

    @Test func copyThroughQueryIsRefusedAndTheConnectionStaysUsable() async throws {
        try await TestDatabase.withSchema { db, _ in
            try await db.execute("CREATE TABLE items (id int)")
            let error = await #expect(throws: PostgresError.self) { try await db.query("COPY items FROM STDIN") }
            #expect(error?.code == .misuse)
            #expect(try await db.query("SELECT count(*) AS n FROM items")[0]["n", as: Int.self] == 0)
        }
    }

    @Test func aClosedConnectionSaysSo() async throws {
        let db = try await TestDatabase.connect()
        await db.close()
        await db.close()

        let error = await #expect(throws: PostgresError.self) { try await db.query("SELECT 1") }

        #expect(error?.code == .connectionClosed)
        #expect(error?.description.contains("Open a new connection") == true)
    }
}
