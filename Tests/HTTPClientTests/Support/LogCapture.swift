import Foundation
import Logging

/// Collects every log event a logger emits, so tests can check what reached the logs.
final class LogCapture: @unchecked Sendable {
    struct Entry: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]

        /// The message and every metadata key and value, for "no secret anywhere" checks.
        var allText: String {
            ([message] + metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }).joined(separator: " ")
        }
    }

    private let lock = NSLock()
    private var collected: [Entry] = []

    var entries: [Entry] {
        lock.lock()
        defer { lock.unlock() }
        return collected
    }

    /// A logger at `trace` level that writes into this capture.
    func logger() -> Logger {
        var logger = Logger(label: "test.http") { _ in Handler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    fileprivate func append(_ entry: Entry) {
        lock.lock()
        defer { lock.unlock() }
        collected.append(entry)
    }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var metadataProvider: Logger.MetadataProvider?
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            capture.append(
                Entry(
                    level: event.level,
                    message: event.message.description,
                    metadata: merged.mapValues { "\($0)" }
                ))
        }
    }
}
