import ConcordTesting
import Foundation
import PostgresClient
import Testing

/// Many tasks on one connection, and libpq's blocking calls kept off the cooperative pool.
struct PostgresConcurrencyTests {
    @Test func fiftyTasksOnOneConnectionEachGetTheirOwnAnswer() async throws {
        try await TestDatabase.withSchema { db, _ in
            try await db.execute("CREATE TABLE notes (id int PRIMARY KEY, body text)")

            let answers = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for id in 1...50 {
                    group.addTask {
                        try await db.query("INSERT INTO notes VALUES ($1, $2)", [.int(id), "note \(id)"])
                        let rows = try await db.query("SELECT body FROM notes WHERE id = $1", [.int(id)])
                        return (id, try rows[0]["body", as: String.self])
                    }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }

            #expect(answers.count == 50)
            #expect(answers.allSatisfy { $0.value == "note \($0.key)" })
            #expect(try await db.query("SELECT count(*) AS n FROM notes")[0]["n", as: Int.self] == 50)
        }
    }

    @Test func anotherTasksStatementWaitsUntilTheTransactionEnds() async throws {
        try await TestDatabase.withSchema { db, _ in
            try await db.execute("CREATE TABLE notes (id int PRIMARY KEY)")
            let inside = Latch()

            // Once the transaction is under way, another task inserts a row. Were it let in, it
            // would run inside the open transaction and show in the counts taken there.
            async let outsider: Void = {
                await inside.wait()
                try await db.query("INSERT INTO notes VALUES (2)")
            }()
            let countsInside = try await db.transaction { tx in
                try await tx.query("INSERT INTO notes VALUES (1)")
                inside.open()
                var counts: Set<Int> = []
                for _ in 0..<200 {
                    counts.insert(try await tx.query("SELECT count(*) AS n FROM notes")[0]["n", as: Int.self])
                    await Task.yield()
                }
                return counts
            }
            try await outsider

            #expect(countsInside == [1])
            #expect(try await db.query("SELECT count(*) AS n FROM notes")[0]["n", as: Int.self] == 2)
        }
    }

    @Test func transactionsAndPlainStatementsFromManyTasksDoNotMix() async throws {
        try await TestDatabase.withSchema { db, _ in
            try await db.execute("CREATE TABLE notes (id int PRIMARY KEY)")

            // Inside each transaction the count goes up by exactly its own row: a plain insert
            // from another task slipping in between would make it jump by more.
            let steps = try await withThrowingTaskGroup(of: Int?.self) { group in
                for task in 0..<20 {
                    group.addTask {
                        guard task % 2 == 0 else {
                            for row in 0..<5 { try await db.query("INSERT INTO notes VALUES ($1)", [.int(task * 100 + row)]) }
                            return nil
                        }
                        return try await db.transaction { tx in
                            let before = try await tx.query("SELECT count(*) AS n FROM notes")[0]["n", as: Int.self]
                            try await tx.query("INSERT INTO notes VALUES ($1)", [.int(task * 100)])
                            await Task.yield()
                            let after = try await tx.query("SELECT count(*) AS n FROM notes")[0]["n", as: Int.self]
                            return after - before
                        }
                    }
                }
                var steps: [Int] = []
                for try await step in group {
                    if let step { steps.append(step) }
                }
                return steps
            }

            #expect(steps == Array(repeating: 1, count: 10))
            #expect(try await db.query("SELECT count(*) AS n FROM notes")[0]["n", as: Int.self] == 60)
        }
    }

    /// Two statements blocked in the server leave the pool free for other work.
    ///
    /// Connection `a` holds an advisory lock; `b` and `c` each run a statement that waits for it.
    /// Once the server shows both waiting, a task does pure CPU work and must finish before `a`
    /// lets go. Were libpq's calls made on the cooperative pool (two threads here), `b` and `c`
    /// would hold both threads and nothing else would run until the server gave up on their
    /// lock (`lock_timeout`, so that the test fails instead of hanging): they would then finish,
    /// with an error, before the CPU work.
    @Test(.timeLimit(.minutes(2)))
    func blockedStatementsDoNotHoldTheCooperativePool() async throws {
        let a = try await TestDatabase.connect()
        let b = try await TestDatabase.connect()
        let c = try await TestDatabase.connect()
        for connection in [b, c] { try await connection.execute("SET lock_timeout TO '30s'") }
        let key = Int64.random(in: 1..<Int64(Int32.max))
        let finished = FinishOrder()
        try await a.query("SELECT pg_advisory_lock($1)", [.int64(key)])

        try await withThrowingTaskGroup(of: Void.self) { group in
            for (name, connection) in [("b", b), ("c", c)] {
                group.addTask {
                    try await connection.query("SELECT pg_advisory_xact_lock_shared($1)", [.int64(key)])
                    await finished.record(name)
                }
            }
            var waiting = 0
            for _ in 0..<20_000 where waiting < 2 {
                let rows = try await a.query(
                    """
                    SELECT count(*) AS n FROM pg_locks
                    WHERE locktype = 'advisory' AND NOT granted AND classid = 0 AND objid::bigint = $1 AND objsubid = 1
                    """, [.int64(key)])
                waiting = try rows[0]["n", as: Int.self]
            }
            try #require(waiting == 2, "b and c never both waited on the lock")

            let sum = await Task { (1...200_000).reduce(0, &+) }.value
            await finished.record("cpu")
            #expect(sum == 20_000_100_000)
            #expect(await finished.names == ["cpu"], "b or c finished while a still held the lock")

            try await a.query("SELECT pg_advisory_unlock($1)", [.int64(key)])
            try await group.waitForAll()
        }

        #expect(await finished.names.first == "cpu")
        #expect(await Set(finished.names) == ["cpu", "b", "c"])
        for connection in [a, b, c] { await connection.close() }
    }
}

/// The order in which tasks finished.
private actor FinishOrder {
    private(set) var names: [String] = []
    func record(_ name: String) { names.append(name) }
}
