import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A TCP port on 127.0.0.1 that nothing listens on, for a child process that must be told its
/// port before it starts (`concord listen --port`).
///
/// The kernel picks it (bind to port 0), so it is outside the ranges other tests' fixed ports
/// use and not in use at the moment; it is released at once, and Linux hands out ephemeral ports
/// in sequence, so another bind taking it in the moment before the child binds is unlikely,
/// where a random number collides with whatever else runs.
public enum LoopbackPort {
    public static func free() throws -> UInt16 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw CommandRunnerError(message: "socket() failed: \(errno)") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else { throw CommandRunnerError(message: "bind() failed: \(errno)") }
        let named = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else { throw CommandRunnerError(message: "getsockname() failed: \(errno)") }
        return UInt16(bigEndian: address.sin_port)
    }
}
