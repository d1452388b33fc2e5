internal import CLibPQ
import Foundation

/// The libpq calls a ``PostgresConnection`` makes, each run on its ``ConnectionThread``.
///
/// Everything here blocks and touches C memory; everything it returns is a Swift value or a
/// ``PostgresError``, with every `PGresult` cleared before returning.
enum LibPQ {
    // MARK: Connecting

    /// Opens a connection to `url` and sets the session up; returns where the server is.
    ///
    /// The URL goes to `PQconnectdbParams` as its expanded `dbname`, so libpq reads it exactly as
    /// `psql` would, with PGPASSWORD, ~/.pgpass, PGSSLMODE and the rest (PostgreSQL manual,
    /// "Database Connection Control Functions"). Settings before it in the arrays are defaults
    /// the URL can override (a 10-second `connect_timeout`, where libpq waits forever by default);
    /// those after it are forced (`client_encoding=UTF8`, because every string here is UTF-8).
    static func connect(_ handle: ConnectionThread.Handle, url: String, passwords: [String]) -> Result<String, PostgresError> {
        let redactedURL = PostgresURL.redacted(url)
        var parseError: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(url, &parseError) else {
            let message = parseError.map { String(cString: $0) } ?? "libpq ran out of memory reading it"
            if let parseError { PQfreemem(parseError) }
            let scrubbed = PostgresURL.scrub(fold(message), passwords: passwords)
            return .failure(PostgresError(code: .invalidConnectionString, message: scrubbed, server: redactedURL))
        }
        PQconninfoFree(options)

        let keywords = ["connect_timeout", "fallback_application_name", "dbname", "client_encoding"]
        let values = ["10", "concord", url, "UTF8"]
        let connection = withCStrings(keywords) { keywords in
            withCStrings(values) { values in PQconnectdbParams(keywords, values, 1) }
        }
        guard let connection else {
            return .failure(PostgresError(code: .connectionFailed, message: "libpq ran out of memory", server: redactedURL))
        }
        let server = serverDescription(connection) ?? redactedURL
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = PostgresURL.scrub(fold(errorMessage(connection)), passwords: passwords)
            PQfinish(connection)
            return .failure(PostgresError(code: connectFailureCode(message), message: message, server: server))
        }
        handle.connection = connection
        // Row decoding reads timestamptz in the ISO style whatever the server's default DateStyle.
        if case .failure(let error) = execute(handle, script: "SET DateStyle TO ISO", server: server) {
            PQfinish(connection)
            handle.connection = nil
            return .failure(error)
        }
        return .success(server)
    }

    /// libpq checks an option's value only when connecting, and says so in words
    /// (`invalid integer value "abc" for connection option "port"`, `invalid sslmode value: "x"`):
    /// those are the connection string's fault, not the server's.
    static func connectFailureCode(_ message: String) -> PostgresError.Code {
        if message.contains("for connection option") || (message.hasPrefix("invalid ") && message.contains(" value: ")) {
            return .invalidConnectionString
        }
        return isAuthenticationFailure(message) ? .authenticationFailed : .connectionFailed
    }

    /// libpq reports no SQLSTATE for a failed login, only text; these are its and the server's
    /// wordings for refused credentials (`password authentication failed for user`,
    /// `fe_sendauth: no password supplied`, `no pg_hba.conf entry`).
    static func isAuthenticationFailure(_ message: String) -> Bool {
        let lowered = message.lowercased()
        return lowered.contains("authentication failed") || lowered.contains("no password supplied")
            || lowered.contains("pg_hba.conf")
    }

    /// `host:port`, or the socket's path for a Unix-socket connection; nil when libpq did not get
    /// as far as choosing a host (an option it could not read).
    private static func serverDescription(_ connection: OpaquePointer) -> String? {
        let host = PQhost(connection).map { String(cString: $0) } ?? ""
        let port = PQport(connection).map { String(cString: $0) } ?? ""
        guard !host.isEmpty else { return nil }
        if host.hasPrefix("/") { return host + "/.s.PGSQL." + (port.isEmpty ? "5432" : port) }
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return port.isEmpty ? shownHost : shownHost + ":" + port
    }

    /// Closes the connection (`PQfinish`), telling the server; later calls find no connection.
    static func finish(_ handle: ConnectionThread.Handle) {
        guard let connection = handle.connection else { return }
        PQfinish(connection)
        handle.connection = nil
    }

    // MARK: Statements

    /// Runs one statement with text parameters (`PQexecParams`), `$1` for the first.
    static func query(
        _ handle: ConnectionThread.Handle, sql: String, parameters: [PostgresValue?], server: String
    ) -> Result<PostgresRows, PostgresError> {
        guard let connection = handle.connection else { return .failure(closedError(server: server)) }
        let texts = parameters.map { $0?.postgresText }
        if let position = texts.firstIndex(where: { $0?.utf8.contains(0) ?? false }) {
            // C strings end at the first NUL, and PostgreSQL text cannot hold one: refuse rather than cut the value short.
            let message = "parameter $\(position + 1) contains a NUL character, which PostgreSQL text cannot hold; send it as .bytea"
            return .failure(PostgresError(code: .misuse, message: message, server: server, statement: sql))
        }
        let result = withOptionalCStrings(texts) { values in
            PQexecParams(connection, sql, Int32(texts.count), nil, values, nil, nil, 0)
        }
        return rows(from: result, connection: connection, statement: sql, server: server)
    }

    /// Runs a script of one or more statements (`PQexec`); returns the last statement's rows.
    static func execute(_ handle: ConnectionThread.Handle, script: String, server: String) -> Result<PostgresRows, PostgresError> {
        guard let connection = handle.connection else { return .failure(closedError(server: server)) }
        return rows(from: PQexec(connection, script), connection: connection, statement: script, server: server)
    }

    static func closedError(server: String) -> PostgresError {
        PostgresError(code: .connectionClosed, message: "the connection was closed", server: server)
    }

    /// Copies a result's values out as text and clears it, or turns it into an error.
    static func rows(
        from result: OpaquePointer?, connection: OpaquePointer, statement: String, server: String
    ) -> Result<PostgresRows, PostgresError> {
        guard let result else {
            return .failure(connectionError(connection, statement: statement, server: server))
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            break
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
            leaveCopyMode(connection)
            return .failure(
                PostgresError(
                    code: .misuse, message: "COPY through query or execute is not supported; use copyIn(table:columns:rows:) to load rows",
                    server: server, statement: statement))
        default:
            return .failure(error(from: result, connection: connection, statement: statement, server: server))
        }
        let columnCount = PQnfields(result)
        let rowCount = PQntuples(result)
        let names = (0..<columnCount).map { String(cString: PQfname(result, $0)) }
        var values: [[String?]] = []
        values.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            var rowValues: [String?] = []
            rowValues.reserveCapacity(Int(columnCount))
            for column in 0..<columnCount {
                if PQgetisnull(result, row, column) != 0 {
                    rowValues.append(nil)
                } else {
                    let bytes = UnsafeRawBufferPointer(start: PQgetvalue(result, row, column), count: Int(PQgetlength(result, row, column)))
                    rowValues.append(String(decoding: bytes, as: UTF8.self))
                }
            }
            values.append(rowValues)
        }
        let affected = PQcmdTuples(result).flatMap { Int(String(cString: $0)) }
        let tag = PQcmdStatus(result).map { String(cString: $0) } ?? ""
        return .success(PostgresRows(columnNames: names, values: values, affectedRows: affected, commandTag: tag))
    }

    /// A server error's fields (PostgreSQL manual, "Processing of Errors": PQresultErrorField).
    static func error(from result: OpaquePointer, connection: OpaquePointer, statement: String?, server: String) -> PostgresError {
        func field(_ code: Int32) -> String? {
            PQresultErrorField(result, code).map { fold(String(cString: $0)) }
        }
        let whole = PQresultErrorMessage(result).map { fold(String(cString: $0)) } ?? ""
        let message = field(concord_pg_diag_message_primary) ?? (whole.isEmpty ? fold(errorMessage(connection)) : whole)
        let lost = PQstatus(connection) == CONNECTION_BAD
        return PostgresError(
            code: lost ? .connectionLost : .server, message: message, sqlState: field(concord_pg_diag_sqlstate),
            detail: field(concord_pg_diag_message_detail), hint: field(concord_pg_diag_message_hint),
            context: field(concord_pg_diag_context),
            server: server, statement: statement)
    }

    /// An error for a call that got no result at all: the connection broke, or libpq ran out of memory.
    static func connectionError(_ connection: OpaquePointer, statement: String?, server: String) -> PostgresError {
        let lost = PQstatus(connection) == CONNECTION_BAD
        return PostgresError(
            code: lost ? .connectionLost : .server, message: fold(errorMessage(connection)), server: server, statement: statement)
    }

    /// Ends a COPY the caller did not ask for, so the connection can take the next statement.
    private static func leaveCopyMode(_ connection: OpaquePointer) {
        _ = PQputCopyEnd(connection, "COPY is not supported through query or execute")
        var buffer: UnsafeMutablePointer<CChar>?
        while PQgetCopyData(connection, &buffer, 0) > 0 {
            PQfreemem(buffer)
            buffer = nil
        }
        drainResults(connection)
    }

    /// Reads and clears the results left of a command, until libpq says there are none.
    static func drainResults(_ connection: OpaquePointer) {
        while let result = PQgetResult(connection) { PQclear(result) }
    }

    // MARK: Text and C strings

    private static func errorMessage(_ connection: OpaquePointer) -> String {
        PQerrorMessage(connection).map { String(cString: $0) } ?? ""
    }

    /// libpq's multi-line text as one line: lines joined with "; ", its own tab-indented hints
    /// dropped (``PostgresError`` says what to do next instead).
    static func fold(_ message: String) -> String {
        message.split(whereSeparator: \.isNewline)
            .filter { !$0.hasPrefix("\t") }
            .map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
            .filter { !$0.isEmpty }
            .joined(separator: "; ")
    }

    private static func withCStrings<Result>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> Result) -> Result {
        withOptionalCStrings(strings.map { Optional($0) }, terminated: true, body)
    }

    /// `strings` as a C array of C strings (NULL for nil), alive for the duration of `body`.
    private static func withOptionalCStrings<Result>(
        _ strings: [String?], terminated: Bool = false, _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> Result
    ) -> Result {
        let copies: [UnsafeMutablePointer<CChar>?] = strings.map { $0.flatMap { strdup($0) } }
        defer { copies.forEach { free($0) } }
        var pointers = copies.map { UnsafePointer($0) }
        if terminated || pointers.isEmpty { pointers.append(nil) }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
