import CatalogModel
import Foundation
import Synchronization

/// How log lines look: for a person reading a terminal or journald, or one JSON object per line
/// for a log shipper.
public enum LogFormat: String, Sendable, CaseIterable {
    case text, json
}

/// One log line's content.
public struct LogRecord: Sendable {
    public var time: Date
    public var level: String
    public var message: String
    /// A stable event name (`run_finished`, `store_down`...).
    public var event: String?
    public var store: String?
    public var runID: Int64?

    public init(time: Date = Date(), level: String, message: String, event: String? = nil, store: String? = nil, runID: Int64? = nil) {
        self.time = time
        self.level = level
        self.message = message
        self.event = event
        self.store = store
        self.runID = runID
    }
}

/// Writes log records, one line each, to a file handle (standard error by default); safe to
/// call from any task.
public final class EventLogWriter: Sendable {
    public let format: LogFormat
    private let handle: Mutex<FileHandle>

    public init(format: LogFormat, handle: FileHandle = .standardError) {
        self.format = format
        self.handle = Mutex(handle)
    }

    public func write(_ record: LogRecord) {
        let line = Self.line(record, format: format) + "\n"
        handle.withLock { $0.write(Data(line.utf8)) }
    }

    /// The record as one line (no newline).
    public static func line(_ record: LogRecord, format: LogFormat) -> String {
        let time = record.time.formatted(
            .iso8601.year().month().day().timeZone(separator: .omitted).time(includingFractionalSeconds: true).timeSeparator(.colon)
                .dateSeparator(.dash))
        switch format {
        case .text:
            // One record, one line: a newline or an escape sequence that came from outside (a
            // request path, a store's text) is shown, never acted on.
            var text = "\(time) \(record.level.uppercased()) \(VisibleText.escaped(record.message))"
            if let runID = record.runID, !record.message.contains("run \(runID)") { text += " [run \(runID)]" }
            return text
        case .json:
            var fields: [(String, String)] = [("time", quote(time)), ("level", quote(record.level)), ("message", quote(record.message))]
            if let event = record.event { fields.append(("event", quote(event))) }
            if let store = record.store { fields.append(("store", quote(store))) }
            if let runID = record.runID { fields.append(("run_id", String(runID))) }
            return "{" + fields.map { "\(quote($0.0)):\($0.1)" }.joined(separator: ",") + "}"
        }
    }

    static func quote(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case let c where c.value < 0x20 || (0x7F...0x9F).contains(c.value): output += String(format: "\\u%04x", c.value)
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }
}
