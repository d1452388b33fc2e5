import CatalogModel
import ConcordConfig
import ConcordTesting
import Foundation
import Testing

/// The credentials file is checked as ssh checks a private key, whatever the environment holds.
@Suite("the credentials file")
struct CredentialFileTests {
    func file(_ directory: TemporaryDirectory, mode: Int, name: String = "credentials") throws -> String {
        let path = try directory.write("SHOP_TOKEN=shpat_from_file\n", to: name)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    @Test("a readable file is refused even when the environment supplies every variable")
    func checkedEvenWhenUnused() throws {
        let directory = try TemporaryDirectory()
        let path = try file(directory, mode: 0o644)
        let resolver = CredentialResolver(environment: ["SHOP_TOKEN": "shpat_from_env"], file: path)
        #expect(throws: CredentialError.self) { try resolver.secret(named: "SHOP_TOKEN", for: "shop", key: "token_env") }
    }

    @Test("a symbolic link is judged by the file it points to, and named as a link")
    func symlinks() throws {
        let directory = try TemporaryDirectory()
        let target = try file(directory, mode: 0o600)
        let link = directory.path("link")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        #expect(
            try CredentialResolver(environment: [:], file: link).secret(named: "SHOP_TOKEN", for: "shop", key: "token_env").reveal()
                == "shpat_from_file")
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: target)
        do {
            _ = try CredentialResolver.readFile(link)
            Issue.record("a 0640 file behind a link was accepted")
        } catch {
            #expect(error.message.contains("mode is 640") && error.message.contains("a link to"), "\(error.message)")
            // The link's own mode (a symbolic link is always 777) is not the one judged. Checked as
            // "mode is 777": the temporary folder's random name may hold "777" itself.
            #expect(!error.message.contains("mode is 777"))
        }
    }

    @Test("a file in a folder others can write to is refused: they could replace it")
    func openFolder() throws {
        let directory = try TemporaryDirectory()
        let folder = directory.path("open")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o777])
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: folder)
        let path = try file(directory, mode: 0o600, name: "open/credentials")
        do {
            _ = try CredentialResolver.readFile(path)
            Issue.record("a file in a world-writable folder was accepted")
        } catch {
            #expect(error.message.contains("can be written by others"), "\(error.message)")
        }
    }
}

/// A configuration with several mistakes is reported whole, each mistake with its place.
@Suite("configuration mistakes, all at once")
struct ConfigurationMistakesTests {
    @Test("a bad currency and two broken stores: three lines, each with file:line and key")
    func everyMistake() {
        let text = """
            [catalog]
            currency = "euro"

            [stores.a]
            platform = "shopify"
            url = "http://a.example.com"
            token_env = "A_TOKEN"

            [stores.b]
            platform = "woocommerce"
            url = "https://b.example.com"
            key_env = "B_KEY"
            """
        do {
            _ = try ConfigurationLoader.parse(text, file: "concord.toml")
            Issue.record("a broken file was accepted")
        } catch {
            let lines = error.description.split(separator: "\n").map(String.init)
            #expect(lines.count == 3, "\(error.description)")
            #expect(lines.contains { $0.hasPrefix("concord.toml:2: catalog.currency") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("concord.toml:6: stores.a.url") }, "\(lines)")
            #expect(lines.contains { $0.contains("stores.b.secret_env") }, "\(lines)")
            #expect(error.keyPath == "catalog.currency")
        }
    }
}
