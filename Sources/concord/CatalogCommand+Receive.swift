import ArgumentParser
import CatalogFormats
import CatalogModel
import CatalogStorage
import Foundation

extension CatalogCommand {
    /// `concord catalog receive FILE.csv`: goods received, added to on-hand and kept for sell-through.
    struct Receive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add received goods to the catalog's on-hand stock and record them (for sell-through).",
            discussion: """
                Reads a CSV file with the columns sku,location,quantity and optionally received_at \
                and reference (a purchase order number, say). Each row adds quantity units to the \
                on-hand and available count of the SKU at the catalog location, and is kept as a \
                receipt: concord audit measures sell-through (units sold ÷ units received in the \
                period) from them. received_at is YYYY-MM-DD (UTC) or ISO 8601 \
                (2025-03-01T08:00:00Z); without it, now. Everything is written in one transaction \
                that also raises the catalog revision, so the next sync pushes the new stock and a \
                plan saved before is refused.

                Every row is checked first (the SKU and the location must be in the catalog, the \
                quantity a positive whole number, the date readable and not in the future): any bad \
                row is reported as file:line: column "X": reason (SKU …) and nothing is written.

                A reference is received once. Rows whose reference was already received are refused \
                ("PO-123 was received on 2025-03-02; nothing written") and the other rows are \
                received, so running the same file twice never counts units twice. Rows without a \
                reference cannot be recognised on a second run: give every file one.

                Exit status: 0 every row received (or would be, with --dry-run); 1 a bad row or an \
                error, nothing written; 3 one or more references had already been received and were \
                skipped (the other rows were received).

                Example file:
                  sku,location,quantity,received_at,reference
                  TEE-BLK-M,main,24,2025-03-02,PO-123
                  TEE-BLK-L,main,12,2025-03-02,PO-123

                Examples:
                  concord catalog receive po-123.csv --dry-run
                  concord catalog receive po-123.csv --json
                """)

        /// The exit status when references were skipped because they had been received before.
        static let alreadyReceivedExitCode: Int32 = 3

        @Argument(help: ArgumentHelp("The receipt CSV file.", valueName: "file.csv"))
        var file: String

        @Flag(help: "Check the file and report what would be received, without writing.")
        var dryRun = false

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        struct Report: Encodable {
            var file: String
            var dryRun: Bool
            /// Receipt lines received (or that would be).
            var lines: Int
            var units: Int
            var skus: Int
            var references: [String]
            var alreadyReceived: [ReceivedReference]
            /// The catalog revision after the write; `nil` for a dry run or when nothing was written.
            var catalogRevision: Int64?
        }

        func run() async throws {
            let configuration = try global.loadConfiguration()
            let store = try await global.openStore(configuration: configuration)
            let skus = Set(try await store.allProducts().flatMap { $0.variants.map(\.sku) })
            let locations = Set(try await store.locations().map(\.code))
            let now = Date()
            let rows: [StockReceiptFile.Row]
            do {
                rows = try StockReceiptFile.read(contentsOf: file, skus: skus, locations: locations, now: now)
            } catch {
                let noun = error.errorCount == 1 ? "error" : "errors"
                Terminal.printError("\(file): \(error.errorCount) \(noun); nothing was written. Fix the rows below and run it again.")
                for diagnostic in error.errors { Terminal.printError(diagnostic.description) }
                if error.errorCount > error.errors.count {
                    Terminal.printError("... and \(error.errorCount - error.errors.count) more")
                }
                throw ExitCode.failure
            }
            let references = Set(rows.compactMap(\.receipt.reference))
            let already = try await store.receivedReferences(references)
            let fresh = rows.filter { row in row.receipt.reference.map { already[$0] == nil } ?? true }
            for reference in already.values.sorted(by: { $0.reference < $1.reference }) {
                let lines = rows.filter { $0.receipt.reference == reference.reference }.map { "\($0.line)" }
                Terminal.printError(
                    "\(file): \(reference.reference) was received on \(Self.day(reference.receivedAt)) "
                        + "(\(reference.units) units in \(reference.lines) lines, recorded \(Self.timestamp(reference.recordedAt))); "
                        + "nothing written for it (line\(lines.count == 1 ? "" : "s") \(lines.joined(separator: ", ")))")
            }
            if rows.contains(where: { $0.receipt.reference == nil }) {
                Terminal.printError(
                    Terminal.styled("warning: ", .yellow)
                        + "\(file): rows without a reference cannot be recognised if the file is received again; add a reference column")
            }
            var report = Report(
                file: file, dryRun: dryRun, lines: fresh.count, units: fresh.reduce(0) { $0 + $1.receipt.quantity },
                skus: Set(fresh.map(\.receipt.sku)).count,
                references: Set(fresh.compactMap(\.receipt.reference)).sorted(),
                alreadyReceived: already.values.sorted { $0.reference < $1.reference }, catalogRevision: nil)
            if !dryRun, !fresh.isEmpty {
                let summary = try await store.receiveStock(fresh.map(\.receipt), recordedAt: now)
                report.catalogRevision = summary.catalogRevision
            }
            if output.json {
                try Terminal.printJSON(report)
            } else if fresh.isEmpty {
                print("\(file): nothing to receive; every reference in it was received before")
            } else if dryRun {
                print(
                    "\(file): would receive \(report.units) units of \(report.skus) SKUs in \(report.lines) lines — nothing written (dry run)"
                )
            } else {
                print("Received \(report.units) units of \(report.skus) SKUs in \(report.lines) lines from \(file) into \(store.location)")
            }
            if !already.isEmpty { throw ExitCode(Self.alreadyReceivedExitCode) }
        }

        static func day(_ date: Date) -> String {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withFullDate]
            return formatter.string(from: date)
        }

        static func timestamp(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
    }
}
