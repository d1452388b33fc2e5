import ConcordTesting
import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// An unauthenticated stranger cannot make `concord listen` hold a large body: a 50 MB body and a
/// 40 MB chunked one raise the listener's peak memory by far less than their size.
@Suite("concord listen: oversized bodies cost no memory")
struct ListenMemoryTests {
    /// The peak resident memory of a process, in bytes (`VmHWM` in /proc/PID/status).
    static func peakMemory(_ pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first
            return kilobytes.map { $0 * 1024 }
        }
        return nil
    }

    @Test("peak memory stays within 30 MB of idle while 90 MB of oversized bodies (50 MB whole, 40 MB chunked) are refused")
    func oversizedBodiesAreNotHeld() async throws {
        let directory = try TemporaryDirectory()
        _ = try directory.write(
            """
            [catalog]
            database = "catalog.sqlite"

            [stores.shop]
            platform = "shopify"
            url = "https://shop.example.com"
            token_env = "SHOP_TOKEN"
            webhook_secret_env = "SHOP_WEBHOOK_SECRET"
            """, to: "concord.toml")
        let port = try LoopbackPort.free()
        let pid = Mutex<Int32>(0)
        let measured = Mutex<(idle: Int, after: Int, answers: [String])?>(nil)
        let result = try await CommandRunner(product: "concord").run(
            ["listen", "--port", "\(port)", "--log-format", "json"],
            environment: ["SHOP_TOKEN": "shpat_not_used", "SHOP_WEBHOOK_SECRET": "whsec-test"], directory: directory.path,
            interrupt: {
                // Waiting for the port to open, not timing anything.
                var answered = false
                for _ in 0..<400 where !answered {
                    answered =
                        RawHTTP.send(port: port, Array("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
                        != "no connection"
                    if !answered { try? await Task.sleep(for: .milliseconds(25)) }
                }
                let process = pid.withLock { $0 }
                let idle = Self.peakMemory(process) ?? 0
                var answers: [String] = []
                let header =
                    "POST /webhooks/shopify/shop HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 52428800\r\nConnection: close\r\n\r\n"
                answers.append(RawHTTP.send(port: port, Array(header.utf8) + [UInt8](repeating: 32, count: 52_428_800)))
                var chunked = Array(
                    "POST /webhooks/shopify/shop HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                        .utf8)
                let chunk = Array("100000\r\n".utf8) + [UInt8](repeating: 97, count: 1_048_576) + Array("\r\n".utf8)
                for _ in 0..<40 { chunked += chunk }
                chunked += Array("0\r\n\r\n".utf8)
                answers.append(RawHTTP.send(port: port, chunked))
                measured.withLock { $0 = (idle, Self.peakMemory(process) ?? 0, answers) }
            }, signal: SIGTERM, started: { started in pid.withLock { $0 = started } })
        let (idle, after, answers) = try #require(measured.withLock { $0 }, "\(result.stderr)")
        #expect(answers.allSatisfy { $0.contains("413") }, "\(answers)")
        #expect(idle > 0)
        #expect(after - idle < 30 << 20, "peak memory rose by \((after - idle) >> 20) MB")
    }
}
