import Foundation

/// One connection to a PostgreSQL server, through libpq.
///
/// Every libpq call runs on the connection's own thread (``ConnectionThread``), never on Swift's
/// cooperative pool, so a slow query suspends its task and nothing else. Calls from many tasks are
/// taken one at a time, in the order they arrive; a ``transaction(isolation:_:)`` or a
/// ``copyIn(table:schema:columns:rows:)`` keeps the connection to itself until it ends. Close it
/// with ``close()`` when done; a connection dropped without closing is finished by its thread.
///
/// ```swift
/// let db = try await PostgresConnection.connect(url: "postgres://concord@127.0.0.1:5432/catalog")
/// let rows = try await db.query("SELECT sku, price FROM variants WHERE sku = $1", ["TEE-BLK-M"])
/// let price = try rows.first?["price", as: String.self]  // numeric as text: no Double
/// ```
public final class PostgresConnection: Sendable {
    /// Where the server is (`host:port`, or the Unix socket's path), for messages; never holds a password.
    public let server: String

    private let thread: ConnectionThread
    private let lock = ConnectionLock()

    private init(server: String, thread: ConnectionThread) {
        self.server = server
        self.thread = thread
    }

    deinit {
        thread.stop()
    }

    /// Opens a connection.
    ///
    /// - Parameter url: A libpq connection string: a URI (`postgres://user@host:port/database?sslmode=require`)
    ///   or `key=value` pairs. libpq also reads PGPASSWORD, ~/.pgpass, PGSSLMODE and the other
    ///   PG* variables, so a password need not be written in the URL (and should not be: it would
    ///   show in `ps` and shell history). The session's `client_encoding` is UTF-8 and its
    ///   `DateStyle` ISO.
    /// - Throws: ``PostgresError`` with code ``PostgresError/Code/invalidConnectionString``,
    ///   ``PostgresError/Code/connectionFailed`` or ``PostgresError/Code/authenticationFailed``;
    ///   its description names the server and never the password.
    public static func connect(url: String) async throws -> PostgresConnection {
        let passwords = PostgresURL.passwords(in: url)
        let thread = ConnectionThread(name: "concord.postgres")
        let redacted = PostgresURL.redacted(url)
        let result = await thread.perform(whenStopped: LibPQ.closedError(server: redacted)) { handle in
            LibPQ.connect(handle, url: url, passwords: passwords)
        }
        switch result {
        case .success(let server):
            return PostgresConnection(server: server, thread: thread)
        case .failure(let error):
            thread.stop()
            throw error
        }
    }

    /// Runs one statement and returns its rows.
    ///
    /// - Parameters:
    ///   - sql: One SQL statement, with `$1`, `$2`, … for the parameters. Never build it from data:
    ///     values go in `parameters`, which the server never parses as SQL.
    ///   - parameters: The values of `$1`, `$2`, … in order; nil is SQL NULL. Each is sent as text
    ///     and cast by the server to the type the statement needs (add `$1::numeric` where the
    ///     type cannot be inferred).
    /// - Returns: The rows (empty for statements that return none) and the count of rows affected.
    /// - Throws: ``PostgresError``: ``PostgresError/Code/server`` with the SQLSTATE when the
    ///   server refuses the statement, ``PostgresError/Code/connectionLost`` or
    ///   ``PostgresError/Code/connectionClosed``; `CancellationError` if the task was cancelled
    ///   before the statement was sent (once sent, it runs to its end).
    @discardableResult
    public func query(_ sql: String, _ parameters: [PostgresValue?] = []) async throws -> PostgresRows {
        try await withConnection { server in
            try await perform { handle in LibPQ.query(handle, sql: sql, parameters: parameters, server: server) }
        }
    }

    /// Runs a script of one or more statements separated by semicolons (a schema, a migration).
    ///
    /// The script takes no parameters; the statements run in one implicit transaction unless it
    /// has its own `BEGIN`/`COMMIT` (PostgreSQL's simple-query protocol), so a failing statement
    /// undoes those before it.
    ///
    /// - Throws: ``PostgresError`` as ``query(_:_:)``.
    public func execute(_ script: String) async throws {
        _ = try await withConnection { server in
            try await perform { handle in LibPQ.execute(handle, script: script, server: server) }
        }
    }

    /// Finishes the connection. Calls already waiting run first; calls made afterwards fail with
    /// ``PostgresError/Code/connectionClosed``. Safe to call more than once.
    public func close() async {
        // Queued behind any call in progress, so nothing is cut off mid-statement.
        _ = try? await lock.withLock {
            _ = await thread.perform(whenStopped: LibPQ.closedError(server: server)) { handle in .success(LibPQ.finish(handle)) }
            thread.stop()
        }
    }

    // MARK: Internals shared with the transaction and COPY extensions

    var connectionLock: ConnectionLock { lock }

    /// Runs `body` holding the connection, after checking the task was not cancelled.
    func withConnection<Value>(_ body: (String) async throws -> Value) async throws -> Value {
        try Task.checkCancellation()
        return try await lock.withLock { try await body(server) }
    }

    /// Runs `body` on the connection's thread and returns its value or throws its error.
    func perform<Value: Sendable>(_ body: @escaping @Sendable (ConnectionThread.Handle) -> Result<Value, PostgresError>) async throws
        -> Value
    {
        try await thread.perform(whenStopped: LibPQ.closedError(server: server), body).get()
    }
}
