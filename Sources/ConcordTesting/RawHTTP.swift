import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Bytes sent as they are to a loopback port, for requests no HTTP client would make (a
/// Content-Length over the cap, a chunked body that never ends, a path with raw control bytes).
public enum RawHTTP {
    /// Sends `bytes` to 127.0.0.1:`port` and returns the first line of the answer: the status
    /// line, or `no connection` / `no answer`. The socket gives up after 10 s, so a server waiting
    /// for bytes that never come fails the caller instead of hanging it.
    public static func send(port: UInt16, _ bytes: [UInt8]) -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return "no socket" }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return "no connection" }
        var sent = 0
        while sent < bytes.count {
            let wrote = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if wrote <= 0 { break }
            sent += wrote
        }
        var buffer = [UInt8](repeating: 0, count: 512)
        let got = recv(fd, &buffer, buffer.count, 0)
        guard got > 0 else { return "no answer" }
        return String(decoding: buffer[..<got], as: UTF8.self).components(separatedBy: "\r\n").first ?? ""
    }
}
