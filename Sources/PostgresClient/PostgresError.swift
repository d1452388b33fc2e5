import Foundation

/// Why a PostgreSQL call failed, with what to do about it.
///
/// A struct with an extensible ``Code`` (as NIO's `FileSystemError` and GRDB's `DatabaseError`):
/// callers branch on the code or the ``sqlState``, people read the ``description``, which ends
/// with the next step to take. No password ever goes in: the connection string is only ever shown
/// through ``PostgresURL/redacted(_:)`` and libpq's own messages are scrubbed of it, so printing
/// or logging the error is safe.
public struct PostgresError: Error, Sendable, Hashable {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidConnectionString, connectionFailed, authenticationFailed, server
            case connectionLost, connectionClosed, rolledBack, decoding, misuse
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// libpq could not read the URL or `key=value` connection string; nothing was sent.
        public static let invalidConnectionString = Code(.invalidConnectionString)
        /// No connection could be made: refused, unreachable, unknown host, timed out, TLS, or
        /// the database does not exist.
        public static let connectionFailed = Code(.connectionFailed)
        /// The server refused the user's credentials.
        public static let authenticationFailed = Code(.authenticationFailed)
        /// The server refused a statement; ``PostgresError/sqlState`` says why.
        public static let server = Code(.server)
        /// The connection broke during a call; what the call did is unknown unless it was in a
        /// transaction, which the server rolls back.
        public static let connectionLost = Code(.connectionLost)
        /// The connection was closed with ``PostgresConnection/close()`` before this call.
        public static let connectionClosed = Code(.connectionClosed)
        /// `COMMIT` found the transaction already failed (a statement in it failed and the error
        /// was caught), so the server rolled it back: nothing in it was written.
        public static let rolledBack = Code(.rolledBack)
        /// A column could not be read as the type asked for, is NULL where a value was expected,
        /// or is not in the result.
        public static let decoding = Code(.decoding)
        /// The driver was called in a way it does not support (a nested transaction, a COPY row
        /// with the wrong number of values).
        public static let misuse = Code(.misuse)

        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong, in the server's or libpq's words (line breaks folded, password removed).
    public var message: String
    /// The five-character SQLSTATE of a server error (`23505` unique violation, `40001`
    /// serialization failure; see the PostgreSQL manual's appendix A), when the server sent one.
    public var sqlState: String?
    /// The server's DETAIL line (for a unique violation, the key that collided).
    public var detail: String?
    /// The server's HINT line.
    public var hint: String?
    /// The server's CONTEXT (for COPY, the line and column of the row it could not read).
    public var context: String?
    /// Where the server is: `host:port`, or the Unix socket's path; empty for a ``Code/decoding``
    /// error, which is about a result already in hand.
    public var server: String
    /// The statement that failed, if the failure belongs to one.
    public var statement: String?

    /// Creates an error. `message` and `server` must already be free of passwords.
    public init(
        code: Code, message: String, sqlState: String? = nil, detail: String? = nil, hint: String? = nil, context: String? = nil,
        server: String, statement: String? = nil
    ) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.hint = hint
        self.context = context
        self.server = server
        self.statement = statement
    }

    /// Whether the statement broke a unique constraint or primary key (SQLSTATE 23505): the row
    /// is already there, so an insert-or-skip caller can treat it as done.
    public var isUniqueViolation: Bool { sqlState == "23505" }

    /// Whether a serializable or repeatable-read transaction lost to a concurrent one (SQLSTATE
    /// 40001), or the server broke a deadlock by failing it (40P01): running the whole transaction
    /// again is the documented remedy.
    public var isSerializationFailure: Bool { sqlState == "40001" || sqlState == "40P01" }
}

extension PostgresError: CustomStringConvertible {
    public var description: String {
        var text: String
        switch code {
        case .invalidConnectionString: text = "The PostgreSQL connection string is not valid: " + Self.sentence(message)
        case .connectionFailed: text = "Could not connect to PostgreSQL at \(server): " + Self.sentence(message)
        case .authenticationFailed: text = "PostgreSQL at \(server) refused the login: " + Self.sentence(message)
        case .connectionLost: text = "The connection to PostgreSQL at \(server) was lost: " + Self.sentence(message)
        case .connectionClosed: text = "The connection to PostgreSQL at \(server) was already closed."
        case .server:
            text = "PostgreSQL at \(server) refused the statement"
            if let sqlState { text += " (SQLSTATE \(sqlState))" }
            text += ": " + Self.sentence(message)
        default: text = Self.sentence(message)
        }
        if let detail { text += " Detail: " + Self.sentence(detail) }
        if let hint { text += " Hint: " + Self.sentence(hint) }
        if let context { text += " Context: " + Self.sentence(context) }
        if let next = nextStep { text += " " + next }
        if let statement { text += " Statement: " + Self.excerpt(of: statement) }
        return text
    }

    /// What a person should do next, from the code, the SQLSTATE and, for connection failures
    /// (libpq reports no SQLSTATE for those), libpq's message.
    private var nextStep: String? {
        switch code {
        case .invalidConnectionString:
            return "Write it as postgres://user@host:port/database (or key=value pairs) in --db / CONCORD_DB."
        case .connectionFailed:
            let lowered = message.lowercased()
            if lowered.contains("does not exist") && lowered.contains("database") {
                return "Create the database (createdb NAME) or fix its name in --db / CONCORD_DB."
            }
            if lowered.contains("does not exist") && lowered.contains("role") {
                return "Check the user name in --db / CONCORD_DB, or create the role (createuser NAME)."
            }
            if lowered.contains("could not translate host name") {
                return "Check the host name in --db / CONCORD_DB."
            }
            if lowered.contains("timeout expired") {
                return "Is PostgreSQL running at \(server) and reachable from here (firewall)? Check --db / CONCORD_DB."
            }
            if lowered.contains("ssl") {
                return "Check sslmode in --db / CONCORD_DB against what the server offers."
            }
            if lowered.contains("too many") && lowered.contains("clients") {
                return "Close idle connections or raise the server's max_connections."
            }
            return "Is PostgreSQL running at \(server)? Check --db / CONCORD_DB."
        case .authenticationFailed where message.lowercased().contains("pg_hba.conf"):
            return "The server's pg_hba.conf lets no such login from here: ask its administrator to add a line for this host, "
                + "database and user."
        case .authenticationFailed:
            return "Set PGPASSWORD or add a line for this host, port, database and user to ~/.pgpass (mode 0600), "
                + "and check the user name in --db / CONCORD_DB."
        case .connectionLost:
            return "Open a new connection; the server may have restarted or closed an idle connection. "
                + "A transaction that was open has been rolled back."
        case .connectionClosed:
            return "Open a new connection with PostgresConnection.connect(url:)."
        case .rolledBack:
            return "Let the failing statement's error end the transaction, or run the transaction again."
        case .server:
            switch sqlState {
            case "23505": return "A row with the same key is already there."
            case "40001", "40P01": return "Run the whole transaction again."
            case "42P01", "3F000": return "Has the database been set up (its tables created)?"
            case "53300": return "Close idle connections or raise the server's max_connections."
            case "57P01", "57P02", "57P03": return "The server is shutting down or starting; try again once it is up."
            default: return nil
            }
        default:
            return nil
        }
    }

    /// `text` ending in a full stop (or the question or exclamation mark it has).
    private static func sentence(_ text: String) -> String {
        text.last.map { ".?!".contains($0) } == true ? text : text + "."
    }

    /// A statement's first 200 characters on one line: enough to find it in the code.
    private static func excerpt(of statement: String) -> String {
        let oneLine = statement.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        return oneLine.count <= 200 ? oneLine : String(oneLine.prefix(200)) + "…"
    }
}
