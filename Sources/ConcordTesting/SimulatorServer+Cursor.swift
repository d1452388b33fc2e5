import Foundation
import SimulatorCore

extension SimulatorServer {
    /// The cursor an adapter's read must leave when the read began with the first request in
    /// the log: the store's clock then, in the whole seconds its `Date` header gives, less one
    /// second (see `SyncCursor.after(readStartedAt:newest:localStart:)`). Clear the log before
    /// the read under test.
    public var cursorAfterLoggedRead: Date? { log.first.map(Self.cursor(afterReadStartingWith:)) }

    /// The cursor a read leaves when `entry` was the first request whose `Date` it kept.
    public static func cursor(afterReadStartingWith entry: RequestLogEntry) -> Date {
        Date(timeIntervalSince1970: entry.time.timeIntervalSince1970.rounded(.down) - 1)
    }
}
