import ArgumentParser
import CatalogModel
import ConcordConfig
import Foundation

struct StoresCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stores",
        abstract: "List the stores in concord.toml and check that Concord can reach them.",
        subcommands: [List.self, Check.self]
    )
}

extension StoresCommand {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the configured stores and whether their credentials are set.",
            discussion: "Credential values are never printed: only the variable names and whether each is set."
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            guard let configuration = try global.loadConfiguration(required: true) else { return }
            let resolver = CredentialResolver(environment: global.environment, file: configuration.credentialsFile)
            // A credentials file Concord refuses (readable by others, unreadable) is said once,
            // instead of showing every variable as missing.
            var fileProblem: String?
            if let file = configuration.credentialsFile {
                do { _ = try CredentialResolver.readFile(file) } catch { fileProblem = error.message }
            }
            let entries = configuration.stores.map { store in
                StoreEntry(
                    id: store.id.rawValue, platform: store.platform, url: store.url.absoluteString, apiVersion: store.apiVersion,
                    credentials: store.credentials.all.map { key, variable in
                        let set = (try? resolver.secret(named: variable, for: store.id, key: key)) != nil
                        return CredentialStatus(key: key, variable: variable, set: set, problem: set ? nil : fileProblem)
                    })
            }
            if output.json {
                try Terminal.printJSON(entries)
                return
            }
            if let fileProblem { Terminal.printError("concord: \(fileProblem)") }
            if entries.isEmpty {
                print("No stores in \(configuration.path ?? "concord.toml"); add a [stores.<id>] table (see the README).")
                return
            }
            print(
                Terminal.table(
                    ["store", "platform", "url", "api", "credentials"],
                    entries.map { entry in
                        [
                            entry.id, entry.platform.displayName, entry.url, entry.apiVersion ?? "-",
                            entry.credentials.map {
                                "\($0.variable) "
                                    + ($0.set
                                        ? Terminal.styled("set", .green)
                                        : Terminal.styled($0.problem == nil ? "MISSING" : "file refused", .red))
                            }.joined(separator: ", "),
                        ]
                    }))
        }
    }

    struct StoreEntry: Encodable {
        var id: String
        var platform: Platform
        var url: String
        var apiVersion: String?
        var credentials: [CredentialStatus]
    }

    struct CredentialStatus: Encodable {
        var key: String
        var variable: String
        var set: Bool
        /// Why it could not be looked up, when the credentials file was refused.
        var problem: String?
    }
}
