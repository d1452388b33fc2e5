import CatalogModel
import Testing

/// "This machine" is decided in one place: an IP literal in 127.0.0.0/8, ::1, or localhost.
@Suite("loopback hosts")
struct LoopbackTests {
    @Test(arguments: ["127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "::1", "[::1]", "127.255.255.255"])
    func loopback(_ host: String) {
        #expect(Loopback.isLoopback(host: host))
    }

    @Test(arguments: [
        "127.attacker.example", "127.0.0.1.nip.io", "127.0.0.1.", "127.0.0.256", "127.0.0", "1270.0.0.1", "128.0.0.1",
        "shop.localhost", "localhost.example", "10.0.0.1", "", "127.0.0.1:80", "0x7f.0.0.1", "127.0.0.1 ", "example.com",
    ])
    func notLoopback(_ host: String) {
        #expect(!Loopback.isLoopback(host: host))
    }
}
