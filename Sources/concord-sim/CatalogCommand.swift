import ArgumentParser
import CatalogFormats
import CatalogModel
import Foundation
import SimulatorCore

/// Writes the canonical catalog a seed generates, so that `concord catalog import` can load the
/// catalog a `serve --seed N --products M` store was made from.
struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Write the catalog a seed generates (the canonical side of a simulated store).",
        discussion: """
            concord-sim catalog --seed 42 --products 500 -o catalog.jsonl
            concord catalog import catalog.jsonl
            concord-sim serve --platform shopify --seed 42 --products 500 --drift stock=0.05
            """
    )

    @Option(help: "Seed for the generated catalog.") var seed: UInt64 = 42
    @Option(help: "Number of products.") var products: Int = 100
    @Option(help: "ISO 4217 currency of the prices.") var currency: String = "EUR"
    @Option(help: "File format: jsonl, shopify-csv or woocommerce-csv.") var format: String = "jsonl"
    @Option(name: [.short, .customLong("output")], help: "File to write; standard output when omitted.") var output: String?

    func run() throws {
        guard products >= 0 else { throw ValidationError("--products must be 0 or more") }
        guard let currencyCode = CurrencyCode(currency) else {
            throw ValidationError("--currency must be an ISO 4217 code such as EUR, not '\(currency)'")
        }
        guard let fileFormat = CatalogFileFormat(rawValue: format) else {
            throw ValidationError("--format must be one of \(CatalogFileFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let generated = CatalogGenerator(seed: seed, productCount: products, currency: currencyCode).generate()
        let document = CatalogDocument(products: generated.products, locations: generated.locations)
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: nil), let handle = FileHandle(forWritingAtPath: output) else {
                throw ValidationError("cannot write \(output): check the folder exists and is writable")
            }
            defer { try? handle.close() }
            try CatalogExporter.write(document, format: fileFormat, to: handle)
            FileHandle.standardError.write(
                Data("wrote \(generated.products.count) products (\(document.variants.count) variants) to \(output)\n".utf8))
        } else {
            print(CatalogExporter.write(document, format: fileFormat), terminator: "")
        }
    }
}
