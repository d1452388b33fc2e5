import PostgresClient
import Testing

/// `transaction { }`: all of it or none of it.
struct PostgresTransactionTests {
    @Test func anErrorThrownInsideRollsBackEverythingAndIsRethrown() async throws {
        try await TestDatabase.withSchema { db, _ in
            try await db.execute("CREATE TABLE items (id int PRIMARY KEY)")

            await #expect(throws: TestDatabase.Planned.self) {
                try await db.transaction { tx in
                    try await tx.query("INSERT INTO items VALUES (1), (2)")
                    #expect(try await tx.query("SELECT count(*) AS n FROM items")[0]["n", as: Int.self] == 2)
                    throw TestDatabase.Planned()
                }
            }

            #expect(try await db.query("SELECT count(*) AS n FROM items")[0]["n", as: Int.self] == 0)
        }
    }

    @Test func aBodyThatReturnsIsCommittedAndItsValueReturned() async throws {
        try await TestDatabase.withSchema { db, _ in
            try await db.execute("CREATE TABLE items (id int PRIMARY KEY)")

            let inserted = try await db.transaction(isolation: .serializable) { tx in
                try await tx.query("INSERT INTO items VALUES (1), (2), (3)").affectedRows
            }

            #expect(inserted == 3)
            let other = try await TestDatabase.connect(schema: try await db.query("SELECT current_schema() AS s")[0]["s", as: String.self])
            #expect(try await other.query("SELECT count(*) AS n FROM items")[0]["n", as: Int.self] == 3)
            await other.close()
        }
    }

    @Test func aFailedStatementWhoseErrorWasCaughtMakesCommitReportTheRollback() async throws {
        try await TestDatabase.withSchema { db, _ in
            try await db.execute("CREATE TABLE items (id int PRIMARY KEY)")

            let error = await #expect(throws: PostgresError.self) {
                try await db.transaction { tx in
                    try await tx.query("INSERT INTO items VALUES (1)")
                    _ = try? await tx.query("INSERT INTO items VALUES (1)")  // unique violation, swallowed
                }
            }

            #expect(error?.code == .rolledBack)
            #expect(try await db.query("SELECT count(*) AS n FROM items")[0]["n", as: Int.self] == 0)
        }
    }

    @Test func aTransactionInsideATransactionIsRefused() async throws {
        try await TestDatabase.withSchema { db, _ in
            let error = await #expect(throws: PostgresError.self) {
                try await db.transaction { tx in
                    try await tx.transaction { _ in }
                }
            }
            #expect(error?.code == .misuse)
            #expect(error?.description.contains("nested") == true)
        }
    }
}
