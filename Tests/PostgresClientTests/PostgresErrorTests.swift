import ConcordTesting
import Testing

@testable import PostgresClient

/// Failures carry their SQLSTATE, say what to do next, and never show a password.
struct PostgresErrorTests {
    @Test func aDuplicateKeyIsAUniqueViolation() async throws {
        try await TestDatabase.withSchema { db, _ in
            try await db.execute("CREATE TABLE items (sku text PRIMARY KEY)")
            try await db.query("INSERT INTO items VALUES ($1)", ["TEE-BLK-M"])

            let error = await #expect(throws: PostgresError.self) { try await db.query("INSERT INTO items VALUES ($1)", ["TEE-BLK-M"]) }

            #expect(error?.isUniqueViolation == true)
            #expect(error?.isSerializationFailure == false)
            #expect(error?.sqlState == "23505")
            #expect(error?.code == .server)
            #expect(error?.detail?.contains("already exists") == true)
            #expect(error?.description.contains("SQLSTATE 23505") == true)
            #expect(error?.description.contains("already there") == true)
        }
    }

    @Test func aSerializableTransactionThatLosesIsASerializationFailure() async throws {
        try await TestDatabase.withSchema { first, schema in
            try await first.execute("CREATE TABLE ledger (amount int)")
            let second = try await TestDatabase.connect(schema: schema)
            // Each reads the total, then adds a row the other's read should have seen.
            try await first.execute("BEGIN ISOLATION LEVEL SERIALIZABLE; SELECT sum(amount) FROM ledger")
            try await second.execute("BEGIN ISOLATION LEVEL SERIALIZABLE; SELECT sum(amount) FROM ledger")
            try await first.query("INSERT INTO ledger VALUES (1)")
            try await second.query("INSERT INTO ledger VALUES (2)")
            try await first.execute("COMMIT")

            let error = await #expect(throws: PostgresError.self) { try await second.execute("COMMIT") }

            #expect(error?.isSerializationFailure == true)
            #expect(error?.description.contains("Run the whole transaction again") == true)
            await second.close()
        }
    }

    @Test func aRefusedPortNamesTheServerAndNotThePassword() async throws {
        let port = try LoopbackPort.free()
        for url in [
            "postgres://concord:s3cret-Pa55@127.0.0.1:\(port)/concord_test",
            "host=127.0.0.1 port=\(port) user=concord password='s3cret-Pa55' dbname=concord_test",
        ] {
            let error = await #expect(throws: PostgresError.self) { try await PostgresConnection.connect(url: url) }

            #expect(error?.code == .connectionFailed)
            #expect(error?.server == "127.0.0.1:\(port)")
            #expect(error?.description.contains("Is PostgreSQL running at 127.0.0.1:\(port)?") == true)
            #expect(error?.description.contains("CONCORD_DB") == true)
            #expect(error?.description.contains("s3cret") == false)
        }
    }

    @Test(arguments: [
        "postgres://concord:hun%zzter2@127.0.0.1/concord_test",
        "postgres://concord:hunter2@127.0.0.1/concord_test?no_such_option=1",
        "host=127.0.0.1 password=hunter2 port",
        "postgres://concord:hunter2@127.0.0.1:abc/concord_test",
        "postgres://concord:hunter2@127.0.0.1/concord_test?sslmode=sometimes",
    ])
    func aConnectionStringLibpqCannotReadIsReportedWithoutThePassword(url: String) async throws {
        let error = await #expect(throws: PostgresError.self) { try await PostgresConnection.connect(url: url) }

        #expect(error?.code == .invalidConnectionString)
        #expect(error?.description.contains("hunter") == false)
        #expect(error?.description.contains("hun%zz") == false)
        #expect(error?.description.contains("postgres://user@host:port/database") == true)
    }

    @Test func aMissingDatabaseOrRoleSaysWhatToCreate() async throws {
        let url = try TestDatabase.url
        let base = url[..<url.lastIndex(of: "/")!]

        let database = await #expect(throws: PostgresError.self) { try await PostgresConnection.connect(url: base + "/no_such_db") }
        let role = await #expect(throws: PostgresError.self) {
            try await PostgresConnection.connect(url: base.replacingOccurrences(of: "concord@", with: "no_such_role@") + "/concord_test")
        }

        #expect(database?.code == .connectionFailed)
        #expect(database?.description.contains("createdb") == true)
        #expect(role?.description.contains("createuser") == true)
    }

    @Test func aConnectionThatBreaksIsReportedAsLost() async throws {
        let db = try await TestDatabase.connect()

        let error = await #expect(throws: PostgresError.self) { try await db.query("SELECT pg_terminate_backend(pg_backend_pid())") }
        let next = await #expect(throws: PostgresError.self) { try await db.query("SELECT 1") }

        #expect(error?.code == .connectionLost)
        #expect(next?.code == .connectionLost)
        #expect(error?.description.contains("Open a new connection") == true)
        await db.close()
    }

    @Test(arguments: [
        (#"connection to server at "db" (10.0.0.5), port 5432 failed: FATAL:  password authentication failed for user "concord""#, true),
        ("connection to server at \"db\", port 5432 failed: fe_sendauth: no password supplied", true),
        (#"FATAL:  no pg_hba.conf entry for host "10.0.0.9", user "concord", database "catalog", no encryption"#, true),
        ("connection to server at \"127.0.0.1\", port 5999 failed: Connection refused", false),
    ])
    func refusedCredentialsAreToldApartFromAnUnreachableServer(message: String, isAuthentication: Bool) {
        #expect(LibPQ.isAuthenticationFailure(message) == isAuthentication)
    }

    @Test func refusedCredentialsPointAtPGPASSWORDAndPgpass() {
        let error = PostgresError(
            code: .authenticationFailed, message: "password authentication failed for user \"concord\"", server: "db:5432")
        #expect(error.description.contains("PGPASSWORD"))
        #expect(error.description.contains("~/.pgpass"))
        #expect(error.description.contains("db:5432"))
    }
}
