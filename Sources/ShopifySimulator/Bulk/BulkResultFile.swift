import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A bulk operation's result, kept in a temporary file rather than in memory.
///
/// A full read of a 50,000-product store writes 228 MB of JSON Lines, and every operation's file
/// stays downloadable for the life of the store (as Shopify keeps a result for a week), so in
/// memory each full read of a big store added its whole file to the simulator for good. The file
/// is unlinked as soon as it is open: only this object reaches it, and its space goes back when
/// the object goes or the process ends, however it ends.
final class BulkResultFile: Sendable {
    private let descriptor: Int32
    private let length = Mutex(0)

    /// Opens a new, already unlinked file in the temporary directory; nil when none can be made.
    init?() {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("concord-sim-bulk-\(UUID().uuidString).jsonl").path
        let descriptor = open(path, O_RDWR | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { return nil }
        unlink(path)
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Bytes written so far.
    var size: Int { length.withLock { $0 } }

    /// Writes `bytes` after what the file holds; false when they could not all be written.
    func append(_ bytes: [UInt8]) -> Bool {
        length.withLock { length in
            var written = 0
            while written < bytes.count {
                let count = bytes[written...].withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(length + written)) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return false }
                written += count
            }
            length += written
            return true
        }
    }

    /// The whole file; nil when it could not be read back.
    func contents() -> [UInt8]? {
        let size = self.size
        guard size > 0 else { return [] }
        var complete = true
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            while initialized < size {
                let count = pread(descriptor, buffer.baseAddress! + initialized, size - initialized, off_t(initialized))
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else {
                    complete = false
                    return
                }
                initialized += count
            }
        }
        return complete ? bytes : nil
    }
}
