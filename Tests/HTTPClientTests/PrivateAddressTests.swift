import ConcordTesting
import Foundation
import HTTPClient
import Testing

@testable import HTTPClient

/// URLs taken on a store's or a file's word never reach this machine or a private network.
struct PrivateAddressTests {
    @Test("loopback and private targets are refused before anything is sent; a bulk file past its cap is stopped")
    func refused() async throws {
        let server = try LocalHTTPServer(script: [.text("secret internal data"), .text("secret internal data")])
        defer { server.stop() }
        let client = HTTPClient(configuration: .testing(maxAttempts: 1, sleeps: SleepRecorder()))
        defer { client.shutdown() }
        for url in [server.baseURL + "/latest/meta-data", "http://localhost:\(server.port)/x"] {
            var request = HTTPRequest(url: url)
            request.refusesPrivateAddresses = true
            do {
                _ = try await client.send(request)
                Issue.record("\(url) was fetched")
            } catch let error as HTTPClientError {
                #expect(error.code == .forbiddenAddress, "\(error)")
                #expect(error.message.contains("may not reach this machine or a private network"))
            }
        }
        #expect(server.requests.isEmpty, "nothing was sent")
        // Allowed when the caller allows it (a store on this machine).
        let allowed = try await client.send(HTTPRequest(url: server.baseURL + "/x"))
        #expect(allowed.status == 200)
    }

    @Test(arguments: [
        ("10.1.2.3", true), ("172.16.0.1", true), ("172.31.255.255", true), ("172.32.0.1", false), ("192.168.1.1", true),
        ("127.0.0.1", true), ("169.254.169.254", true), ("100.64.0.1", true), ("0.0.0.0", true), ("224.0.0.1", true),
        ("93.184.216.34", false), ("8.8.8.8", false), ("::1", true), ("::", true), ("fe80::1", true), ("fd00::1", true),
        ("::ffff:10.0.0.1", true), ("::ffff:93.184.216.34", false), ("2606:4700::1111", false),
    ])
    func classifies(_ address: String, _ isPrivate: Bool) {
        #expect(AddressCheck.isInternal(address) == isPrivate)
    }
}
