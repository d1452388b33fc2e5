internal import CLibPQ

/// `COPY … FROM STDIN` in three steps, each a job on the connection's thread, so the rows can be
/// encoded a chunk at a time in the caller's task between them (PostgreSQL manual, "Functions
/// Associated with the COPY Command").
extension LibPQ {
    /// Sends the COPY statement; the server then waits for data.
    static func beginCopy(_ handle: ConnectionThread.Handle, sql: String, server: String) -> Result<Void, PostgresError> {
        guard let connection = handle.connection else { return .failure(closedError(server: server)) }
        guard let result = PQexec(connection, sql) else {
            return .failure(connectionError(connection, statement: sql, server: server))
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COPY_IN:
            return .success(())
        case PGRES_FATAL_ERROR, PGRES_BAD_RESPONSE, PGRES_NONFATAL_ERROR:
            return .failure(error(from: result, connection: connection, statement: sql, server: server))
        default:
            drainResults(connection)
            return .failure(
                PostgresError(code: .misuse, message: "the statement did not start a COPY FROM STDIN", server: server, statement: sql))
        }
    }

    /// Sends one chunk of COPY text; blocks until libpq has queued it (the connection is in
    /// blocking mode, libpq's default).
    static func sendCopyData(_ handle: ConnectionThread.Handle, _ bytes: [UInt8], server: String) -> Result<Void, PostgresError> {
        guard let connection = handle.connection else { return .failure(closedError(server: server)) }
        let sent = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { PQputCopyData(connection, $0.baseAddress, Int32($0.count)) }
        }
        guard sent == 1 else { return .failure(connectionError(connection, statement: nil, server: server)) }
        return .success(())
    }

    /// Ends the COPY: with `abortReason` nil the server commits the rows and this returns how many
    /// it took; otherwise the server discards them (and reports that as an error, which is
    /// expected and dropped).
    static func endCopy(
        _ handle: ConnectionThread.Handle, abortReason: String?, statement: String, server: String
    ) -> Result<Int, PostgresError> {
        guard let connection = handle.connection else { return .failure(closedError(server: server)) }
        guard PQputCopyEnd(connection, abortReason) == 1 else {
            return .failure(connectionError(connection, statement: statement, server: server))
        }
        guard let result = PQgetResult(connection) else {
            return .failure(connectionError(connection, statement: statement, server: server))
        }
        defer {
            PQclear(result)
            drainResults(connection)
        }
        guard abortReason == nil else { return .success(0) }
        guard PQresultStatus(result) == PGRES_COMMAND_OK else {
            return .failure(error(from: result, connection: connection, statement: statement, server: server))
        }
        return .success(PQcmdTuples(result).flatMap { Int(String(cString: $0)) } ?? 0)
    }
}
