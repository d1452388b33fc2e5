import Foundation

/// A fresh, uniquely named directory under the system's temporary directory, removed with
/// everything in it when the last reference goes away.
///
/// Tests that write real files (a SQLite database, an export) get their own directory, so tests
/// running in parallel never see each other's files and a failed test leaves nothing behind.
/// A `final class` because it owns a resource whose lifetime ends in `deinit`.
public final class TemporaryDirectory: Sendable {
    /// The directory's location.
    public let url: URL

    /// The directory's path, without a trailing slash.
    public var path: String { url.path }

    /// Creates the directory.
    ///
    /// - Parameter prefix: The start of the directory's name, to tell which test left it if a
    ///   crash prevents the cleanup.
    /// - Throws: The file system's error when the directory cannot be created.
    public init(prefix: String = "concord-test") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// The path of `name` inside the directory (not created).
    public func path(_ name: String) -> String { path + "/" + name }

    /// Writes `contents` to `name` inside the directory and returns its path.
    @discardableResult
    public func write(_ contents: String, to name: String) throws -> String {
        let path = path(name)
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Runs `body` with a new temporary directory that is removed when `body` returns.
    public static func withDirectory<T>(
        prefix: String = "concord-test", _ body: (TemporaryDirectory) throws -> T
    ) throws -> T {
        let directory = try TemporaryDirectory(prefix: prefix)
        return try withExtendedLifetime(directory) { try body(directory) }
    }
}
