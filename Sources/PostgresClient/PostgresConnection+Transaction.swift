/// The isolation level of a transaction (PostgreSQL manual, "Transaction Isolation").
public enum PostgresIsolationLevel: String, Sendable, Hashable {
    case readCommitted = "READ COMMITTED"
    case repeatableRead = "REPEATABLE READ"
    /// Transactions behave as if run one after another; one that cannot fails with SQLSTATE 40001
    /// (``PostgresError/isSerializationFailure``) and should be run again.
    case serializable = "SERIALIZABLE"
}

extension PostgresConnection {
    /// Runs `body` in a transaction: `COMMIT` when it returns, `ROLLBACK` when it throws.
    ///
    /// The connection is this task's from `BEGIN` to the end: other tasks' calls wait, and calls
    /// `body` makes on `connection` (it is this connection), including from child tasks, go
    /// straight through. The error `body` threw is rethrown after the rollback; a rollback that
    /// fails because the connection broke changes nothing, since the server rolls back then.
    ///
    /// - Parameters:
    ///   - isolation: The isolation level; nil for the server's default (READ COMMITTED unless
    ///     configured otherwise).
    ///   - body: The work; it receives this connection.
    /// - Throws: What `body` throws; ``PostgresError`` when `BEGIN` or `COMMIT` fails, with code
    ///   ``PostgresError/Code/rolledBack`` when a statement inside had failed and its error was
    ///   caught (PostgreSQL then turns `COMMIT` into a rollback), or ``PostgresError/Code/misuse``
    ///   when called inside another transaction on this connection.
    public func transaction<Value>(
        isolation: PostgresIsolationLevel? = nil, _ body: (PostgresConnection) async throws -> Value
    ) async throws -> Value {
        if connectionLock.currentHold?.isTransaction == true {
            throw PostgresError(
                code: .misuse,
                message: "transaction(_:) was called inside a transaction on the same connection; PostgreSQL has no nested "
                    + "transactions: do the work in the outer one, or use SAVEPOINT through query(_:_:)",
                server: server)
        }
        try Task.checkCancellation()
        return try await connectionLock.withLock(isTransaction: true) {
            try await query(isolation.map { "BEGIN ISOLATION LEVEL \($0.rawValue)" } ?? "BEGIN")
            let value: Value
            do {
                value = try await body(self)
            } catch {
                _ = try? await perform { handle in LibPQ.execute(handle, script: "ROLLBACK", server: self.server) }
                throw error
            }
            let commit = try await perform { handle in LibPQ.execute(handle, script: "COMMIT", server: self.server) }
            if commit.commandTag == "ROLLBACK" {
                throw PostgresError(
                    code: .rolledBack,
                    message: "the transaction was rolled back at COMMIT because a statement in it had failed; nothing in it was written",
                    server: server)
            }
            return value
        }
    }
}
