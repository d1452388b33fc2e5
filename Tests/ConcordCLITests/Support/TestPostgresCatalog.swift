import Foundation
import Testing

/// A PostgreSQL catalog of its own for one test, on the throwaway server `scripts/with-postgres.sh`
/// starts (`make test` does): a fresh schema, so tests run side by side without meeting.
struct TestPostgresCatalog {
    /// The server, as `CONCORD_TEST_POSTGRES_URL` names it.
    let server: String
    let schema: String

    /// The catalog's URL, as `--db` takes it (`…?schema=NAME`).
    var url: String { server + (server.contains("?") ? "&" : "?") + "schema=" + schema }

    /// A new schema name starting with `prefix`; `nil`, recorded as an issue saying how to run the
    /// test, when no server was started: the test fails rather than passing without a database.
    static func make(_ prefix: String) -> TestPostgresCatalog? {
        guard let server = ProcessInfo.processInfo.environment["CONCORD_TEST_POSTGRES_URL"] else {
            Issue.record("CONCORD_TEST_POSTGRES_URL is not set: run the tests through scripts/with-postgres.sh (make test does)")
            return nil
        }
        return TestPostgresCatalog(
            server: server, schema: prefix + "_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased())
    }
}
