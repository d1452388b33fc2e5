import ConcordTesting
import Foundation
import PostgresClient
import Testing

/// Bulk loads with `COPY … FROM STDIN`.
struct PostgresCopyTests {
    @Test func tenThousandRowsLoadWithEveryAwkwardValueIntact() async throws {
        try await TestDatabase.withSchema { db, schema in
            try await db.execute("CREATE TABLE lines (id bigint PRIMARY KEY, label text NOT NULL, note text, active boolean, blob bytea)")
            let awkward = AwkwardText.samples
            func label(_ id: Int) -> String { id % 100 == 0 ? awkward[(id / 100) % awkward.count] : "line \(id)" }
            let rows: [[PostgresValue?]] = (1...10_000).map { id in
                [
                    .int(id), .text(label(id)), id % 7 == 0 ? nil : "note \(id)", .bool(id % 2 == 0),
                    id % 3 == 0 ? .bytea(Data([0x5c, UInt8(id % 256)])) : nil,
                ]
            }

            let copied = try await db.copyIn(
                table: "lines", schema: schema, columns: ["id", "label", "note", "active", "blob"], rows: rows)

            #expect(copied == 10_000)
            let totals = try await db.query("SELECT count(*) AS n, sum(id) AS ids, count(note) AS notes, count(blob) AS blobs FROM lines")
            #expect(try totals[0]["n", as: Int.self] == 10_000)
            #expect(try totals[0]["ids", as: Int.self] == 50_005_000)
            #expect(try totals[0]["notes", as: Int.self] == 10_000 - 10_000 / 7)
            #expect(try totals[0]["blobs", as: Int.self] == 10_000 / 3)
            for id in [1, 7, 100, 300, 500, 600, 700, 999, 5_000, 9_999, 10_000] {
                let row = try await db.query("SELECT label, note, active, blob FROM lines WHERE id = $1", [.int(id)])[0]
                #expect(try row["label", as: String.self] == label(id), "label of \(id)")
                #expect(try row["note", as: String?.self] == (id % 7 == 0 ? nil : "note \(id)"), "note of \(id)")
                #expect(try row["active", as: Bool.self] == (id % 2 == 0))
                #expect(try row["blob", as: Data?.self] == (id % 3 == 0 ? Data([0x5c, UInt8(id % 256)]) : nil))
            }
        }
    }

    @Test func aValueTheServerRejectsLoadsNothingAndSaysWhichLine() async throws {
        try await TestDatabase.withSchema { db, _ in
            try await db.execute("CREATE TABLE counts (id int PRIMARY KEY, quantity int)")
            let rows: [[PostgresValue?]] = [[1, 10], [2, "twelve"], [3, 30]]

            let error = await #expect(throws: PostgresError.self) {
                try await db.copyIn(table: "counts", columns: ["id", "quantity"], rows: rows)
            }

            #expect(error?.code == .server)
            #expect(error?.sqlState == "22P02")  // invalid_text_representation
            #expect(error?.context?.contains("line 2") == true)
            #expect(try await db.query("SELECT count(*) AS n FROM counts")[0]["n", as: Int.self] == 0)
        }
    }

    @Test func aRowWithTheWrongNumberOfValuesAbortsTheCopy() async throws {
        try await TestDatabase.withSchema { db, _ in
            try await db.execute("CREATE TABLE counts (id int, quantity int)")
            let rows: [[PostgresValue?]] = [[1, 10], [2]]

            let error = await #expect(throws: PostgresError.self) {
                try await db.copyIn(table: "counts", columns: ["id", "quantity"], rows: rows)
            }

            #expect(error?.code == .misuse)
            #expect(error?.description.contains("row 2 has 1 values for 2 columns") == true)
            #expect(try await db.query("SELECT count(*) AS n FROM counts")[0]["n", as: Int.self] == 0)
        }
    }

    @Test func tableAndColumnNamesAreQuotedAsIdentifiers() async throws {
        try await TestDatabase.withSchema { db, _ in
            try await db.execute(#"CREATE TABLE "Order Lines" ("Qty ""x""" int)"#)

            try await db.copyIn(table: "Order Lines", columns: [#"Qty "x""#], rows: [[4], [5]])

            #expect(try await db.query(#"SELECT sum("Qty ""x""") AS n FROM "Order Lines""#)[0]["n", as: Int.self] == 9)
        }
    }
}
