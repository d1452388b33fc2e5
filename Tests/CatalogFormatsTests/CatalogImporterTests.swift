import CatalogFormats
import CatalogModel
import ConcordTesting
import Foundation
import Testing

@Suite struct CatalogImporterTests {
    struct Detection: Sendable, CustomTestStringConvertible {
        var path: String
        var firstLine: String
        var expected: CatalogFileFormat?
        var testDescription: String { "\(path): \(firstLine.prefix(30))" }
    }

    static let detections: [Detection] = [
        Detection(path: "catalog.jsonl", firstLine: "", expected: .jsonLines),
        Detection(path: "export.NDJSON", firstLine: "{}", expected: .jsonLines),
        Detection(path: "catalog.json", firstLine: #"{"handle":"x"}"#, expected: .jsonLines),
        Detection(path: "products.csv", firstLine: "Handle,Title,Body (HTML),Vendor", expected: .shopifyCSV),
        Detection(path: "products.csv", firstLine: "\u{FEFF}Handle,Variant SKU,Variant Price", expected: .shopifyCSV),
        Detection(
            path: "wc-product-export.csv", firstLine: "ID,Type,SKU,\"GTIN, UPC, EAN, or ISBN\",Name",
            expected: .wooCommerceCSV),
        Detection(path: "wc.csv", firstLine: "\"SKU\",\"Name\",\"Regular price\"", expected: .wooCommerceCSV),
        Detection(path: "products.csv", firstLine: "sku,qty,price", expected: nil),
        Detection(path: "products.xlsx", firstLine: "Handle,Title", expected: nil),
        Detection(path: "notes.txt", firstLine: "hello", expected: nil),
        Detection(path: "empty.csv", firstLine: "", expected: nil),
    ]

    @Test(arguments: detections)
    func detectsFormatFromNameAndHeader(_ detection: Detection) {
        #expect(CatalogFileFormat.detect(path: detection.path, firstLine: detection.firstLine) == detection.expected)
    }

    @Test func formatNamesAreWhatTheCommandLineAccepts() {
        #expect(CatalogFileFormat.allCases.map(\.rawValue) == ["shopify-csv", "woocommerce-csv", "jsonl"])
    }

    @Test func unknownFormatFailsAndListsTheFormats() throws {
        do {
            _ = try CatalogImporter.read(text: "sku,qty\nA,1\n", fileName: "stock.csv")
            Issue.record("expected a failure")
        } catch {
            let diagnostic = try #require(error.errors.first)
            #expect(diagnostic.code == .unknownFormat)
            #expect(diagnostic.message.contains("shopify-csv, woocommerce-csv, jsonl"))
        }
    }

    @Test(arguments: ["", "   \n\n", "\u{FEFF}", "\r\n"])
    func emptyFileIsAnError(_ text: String) throws {
        for format in CatalogFileFormat.allCases {
            do {
                _ = try CatalogImporter.read(text: text, fileName: "empty", format: format)
                Issue.record("expected a failure for \(format)")
            } catch {
                #expect(error.errors.map(\.code) == [.emptyFile])
                #expect(error.description.hasPrefix("empty: 1 error; nothing was imported."))
            }
        }
    }

    @Test func headerWithoutProductsIsAnError() throws {
        do {
            _ = try CatalogImporter.read(text: "Handle,Title,Variant SKU,Variant Price\n", fileName: "products.csv")
            Issue.record("expected a failure")
        } catch {
            #expect(error.errors.map(\.code) == [.noProducts])
        }
    }

    @Test func byteOrderMarkIsIgnored() throws {
        let text = "\u{FEFF}Handle,Title,Variant SKU,Variant Price\r\nmug,Mug,MUG-1,12.00\r\n"
        let result = try CatalogImporter.read(text: text, fileName: "excel.csv")
        #expect(result.document.products.map(\.handle) == ["mug"])
    }

    @Test func missingFileIsAnErrorNamingTheFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("nope.csv")
        do {
            _ = try CatalogImporter.read(contentsOf: path)
            Issue.record("expected a failure")
        } catch {
            let diagnostic = try #require(error.errors.first)
            #expect(diagnostic.code == .unreadableFile)
            #expect(diagnostic.description == "\(path): no such file; check the path")
        }
    }

    @Test func directoryIsAnErrorNamingIt() throws {
        let directory = try TemporaryDirectory()
        do {
            _ = try CatalogImporter.read(contentsOf: directory.path)
            Issue.record("expected a failure")
        } catch {
            #expect(error.errors.map(\.code) == [.unreadableFile])
            #expect(error.errors.first?.file == directory.path)
        }
    }

    @Test func nonUTF8FileIsAnErrorSayingHowToSaveIt() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("latin1.csv")
        // "Café" in Windows-1252, as an old Excel saves it.
        try Data("Handle,Title,Variant SKU,Variant Price\ncafe,Caf\u{E9},C-1,1.00\n".utf8)
            .replacingOccurrences(of: Data([0xC3, 0xA9]), with: Data([0xE9]))
            .write(to: URL(fileURLWithPath: path))
        do {
            _ = try CatalogImporter.read(contentsOf: path)
            Issue.record("expected a failure")
        } catch {
            #expect(error.errors.map(\.code) == [.unreadableFile])
            #expect(error.errors.first?.message.contains("UTF-8") == true)
        }
    }

    @Test func readsAFileAndDetectsItsFormat() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(
            #"{"handle":"x","productTitle":"X","sku":"X-1","price":{"amount":"1.00","currency":"USD"}}"#, to: "c.jsonl")
        let result = try CatalogImporter.read(contentsOf: path)
        #expect(result.document.variants.map(\.sku) == [SKU("X-1")!])
    }

    @Test func streamingExportWritesTheSameBytesAsTheStringExport() throws {
        let document = SampleCatalog.make()
        let directory = try TemporaryDirectory()
        for format in CatalogFileFormat.allCases {
            let path = directory.path("export.\(format.rawValue)")
            #expect(FileManager.default.createFile(atPath: path, contents: nil))
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try CatalogExporter.write(document, format: format, to: handle)
            try handle.close()
            let written = try String(contentsOfFile: path, encoding: .utf8)
            #expect(written == CatalogExporter.write(document, format: format))
        }
    }
}

extension Data {
    fileprivate func replacingOccurrences(of target: Data, with replacement: Data) -> Data {
        var result = Data()
        var index = startIndex
        while index < endIndex {
            if self[index...].starts(with: target) {
                result.append(replacement)
                index += target.count
            } else {
                result.append(self[index])
                index += 1
            }
        }
        return result
    }
}
