import Foundation
import PostgresClient

/// The PostgreSQL server these tests run against: the throwaway one `scripts/with-postgres.sh`
/// starts (`make test` runs the tests through it) and names in `CONCORD_TEST_POSTGRES_URL`.
///
/// Without that variable every test that needs a server fails with ``Unavailable``, saying how
/// to run it: a test that quietly passed without a database would prove nothing.
enum TestDatabase {
    static let variable = "CONCORD_TEST_POSTGRES_URL"

    struct Unavailable: Error, CustomStringConvertible {
        var description: String {
            "\(TestDatabase.variable) is not set, so there is no PostgreSQL server to test against. Run the tests through "
                + "scripts/with-postgres.sh, which starts a throwaway one (make test does this): "
                + "scripts/with-postgres.sh swift test --filter PostgresClientTests"
        }
    }

    static var url: String {
        get throws {
            guard let url = ProcessInfo.processInfo.environment[variable], !url.isEmpty else { throw Unavailable() }
            return url
        }
    }

    /// A new connection; its `search_path` is `schema` when one is given.
    static func connect(schema: String? = nil) async throws -> PostgresConnection {
        let connection = try await PostgresConnection.connect(url: url)
        if let schema { try await connection.execute("SET search_path TO \(schema)") }
        return connection
    }

    /// Runs `body` with a connection whose `search_path` is a schema of its own, so tests running
    /// side by side never see each other's tables; the schema is dropped and the connection
    /// closed afterwards, also when `body` throws.
    static func withSchema<Value>(_ body: (_ connection: PostgresConnection, _ schema: String) async throws -> Value) async throws -> Value
    {
        let connection = try await connect()
        let schema = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        try await connection.execute("CREATE SCHEMA \(schema); SET search_path TO \(schema)")
        let value: Value
        do {
            value = try await body(connection, schema)
        } catch {
            try? await connection.execute("DROP SCHEMA \(schema) CASCADE")
            await connection.close()
            throw error
        }
        try await connection.execute("DROP SCHEMA \(schema) CASCADE")
        await connection.close()
        return value
    }

    /// An error a test throws on purpose, to see what a transaction or COPY does with it.
    struct Planned: Error, Equatable {}
}
