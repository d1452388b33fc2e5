import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One sync or apply at a time per catalog: a lock file beside the database.
///
/// The file is created exclusively (`O_CREAT | O_EXCL`) and holds the owner's pid, host and start
/// time, so a lock left by a crashed run is recognised and taken over: on the same host when its
/// process no longer exists, on another host (a shared disk) when it is older than ``staleAfter``.
/// Two live runs never both hold it.
public final class SyncLock: Sendable {
    /// What the lock file says about its owner.
    public struct Owner: Codable, Hashable, Sendable {
        public var pid: Int32
        public var host: String
        public var startedAt: Date
        public var command: String
    }

    public let path: String
    public let owner: Owner

    /// Locks older than this, held from another host, are considered abandoned.
    public static let staleAfter: TimeInterval = 6 * 3600

    /// Takes the lock or throws ``SyncLockError`` naming who holds it.
    ///
    /// - Parameters:
    ///   - databasePath: The catalog database; the lock is `<database>.lock`.
    ///   - command: What is running, shown to whoever finds the lock held.
    public init(databasePath: String, command: String, now: Date = Date()) throws {
        let path = databasePath + ".lock"
        let owner = Owner(pid: getpid(), host: Self.hostName(), startedAt: now, command: command)
        for _ in 0..<3 {
            if try Self.create(path: path, owner: owner) {
                self.path = path
                self.owner = owner
                return
            }
            // Someone holds it (or held it): take it over only when that owner is gone.
            guard let existing = Self.readOwner(path: path) else {
                // Unreadable or half-written (a crash between create and write): stale if old.
                let age =
                    (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date).map { now.timeIntervalSince($0) }
                    ?? 0
                if age > 60 {
                    unlink(path)
                    continue
                }
                throw SyncLockError(
                    path: path, owner: nil, message: "the lock file \(path) is being written by another Concord; try again in a moment")
            }
            if Self.isAbandoned(existing, now: now) {
                unlink(path)
                continue
            }
            let minutes = max(0, Int(now.timeIntervalSince(existing.startedAt) / 60))
            throw SyncLockError(
                path: path, owner: existing,
                message:
                    "another Concord run holds the catalog (\(existing.command), pid \(existing.pid) on \(existing.host), started \(minutes) min ago); wait for it to finish, or delete \(path) if that process is gone"
            )
        }
        throw SyncLockError(
            path: path, owner: nil, message: "could not take the lock \(path): it keeps being re-created by another process")
    }

    /// Releases the lock if this process still owns it.
    public func release() {
        // Compared without the start time: it goes through JSON as a double and need not come
        // back bit-identical, and pid + host + command already name this holder.
        guard let current = Self.readOwner(path: path), current.pid == owner.pid, current.host == owner.host,
            current.command == owner.command,
            abs(current.startedAt.timeIntervalSince(owner.startedAt)) < 0.001
        else { return }
        unlink(path)
    }

    static func create(path: String, owner: Owner) throws -> Bool {
        let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        if descriptor < 0 {
            if errno == EEXIST { return false }
            throw SyncLockError(
                path: path, owner: nil,
                message: "cannot create the lock file \(path): \(String(cString: strerror(errno))); check the folder is writable")
        }
        defer { close(descriptor) }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        let data = try encoder.encode(owner)
        _ = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        fsync(descriptor)
        return true
    }

    public static func readOwner(path: String) -> Owner? {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return try? decoder.decode(Owner.self, from: data)
    }

    /// Whether the owner of a lock is gone: its process is dead (same host) or it is too old
    /// (another host, where the process cannot be checked).
    static func isAbandoned(_ owner: Owner, now: Date) -> Bool {
        if owner.host == hostName() {
            if owner.pid == getpid() { return false }
            return kill(owner.pid, 0) != 0 && errno == ESRCH
        }
        return now.timeIntervalSince(owner.startedAt) > staleAfter
    }

    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "unknown-host" }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// The catalog is locked by another run.
public struct SyncLockError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var owner: SyncLock.Owner?
    public var message: String

    public var description: String { message }
}
