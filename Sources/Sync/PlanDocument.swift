import CatalogModel
import Foundation
import Reconcile

/// A plan as a file (`concord plan --out plan.json`), and what `concord apply plan.json` reads.
///
/// For each store it holds every change with the value the store held when planned (the
/// precondition the apply checks), the counts a person or a script needs, and the catalog
/// revision the plan was made from: an apply refuses a plan whose catalog has changed since,
/// because the plan would then push values the catalog no longer holds.
public struct PlanDocument: Codable, Sendable {
    public struct StoreEntry: Codable, Sendable {
        public var store: String
        public var platform: String
        public var listingsRead: Int
        /// Every change, with its precondition; nil in the `--json` summary.
        public var changes: [Change]?
        public var changeCount: Int
        public var estimatedWriteCalls: Int
        public var reviews: Int
        public var pulls: Int
        public var listingErrors: [String: Int]
        /// Findings already answered in `concord review` (ignored orphans, acknowledged listing
        /// errors) by rule code: not in ``listingErrors``. Absent in plan files made before it.
        public var acknowledged: [String: Int]?
        /// Other findings no write settles (``Finding/isRisk``): oversell risks, matching doubts.
        public var risks: [String: Int]?
        public var guardReasons: [String]
        /// True when the mass-change guard refused the store's plan: an apply skips it.
        public var refused: Bool
        public var error: String?

        // Snake case spelled out (not a key strategy) so the changes inside keep their own keys.
        enum CodingKeys: String, CodingKey {
            case store, platform, changes, reviews, pulls, refused, error, acknowledged, risks
            case listingsRead = "listings_read"
            case changeCount = "change_count"
            case estimatedWriteCalls = "estimated_write_calls"
            case listingErrors = "listing_errors"
            case guardReasons = "guard_reasons"
        }
    }

    enum CodingKeys: String, CodingKey {
        case version, stores, signature
        case createdAt = "created_at"
        case catalogRevision = "catalog_revision"
        case catalogID = "catalog_id"
    }

    /// The file format's version; an apply refuses a version it does not know.
    public var version: Int
    public var createdAt: Date
    /// ``CatalogStore/catalogRevision()`` when the plan was made.
    public var catalogRevision: Int64
    public var stores: [StoreEntry]
    /// The id of the catalog database the plan was made from (``CatalogStore/planSigningKey()``).
    public var catalogID: String?
    /// HMAC-SHA256 of ``signingText`` with the catalog's plan key, in hex: an apply recomputes
    /// it, so a plan edited by hand or made from another catalog is refused.
    public var signature: String?

    /// 3: plans carry the catalog's id and a signature.
    public static let currentVersion = 3

    public init(reports: [StorePlanReport], createdAt: Date, catalogRevision: Int64) {
        self.version = Self.currentVersion
        self.createdAt = createdAt
        self.catalogRevision = catalogRevision
        stores = reports.map { report in
            let errors = report.findings.filter(\.isListingError)
            return StoreEntry(
                store: report.store.rawValue, platform: report.platform.rawValue, listingsRead: report.listingsRead,
                changes: report.plan?.changes, changeCount: report.plan?.changes.count ?? 0,
                estimatedWriteCalls: report.plan?.estimatedWriteCalls ?? 0, reviews: report.plan?.reviews.count ?? 0,
                pulls: report.plan?.pulls.count ?? 0, listingErrors: Dictionary(grouping: errors, by: \.code.rawValue).mapValues(\.count),
                acknowledged: Dictionary(grouping: report.acknowledged, by: \.code.rawValue).mapValues(\.count),
                risks: Dictionary(grouping: report.findings.filter(\.isRisk), by: \.code.rawValue).mapValues(\.count),
                guardReasons: report.plan?.verdict.reasons.map(\.message) ?? [], refused: report.plan?.isRefused ?? false,
                error: report.error)
        }
    }

    /// What the signature covers: the catalog and its revision, and every store's verdict and
    /// changes (ids, targets, preconditions, new values), each value tagged with its kind and
    /// each text prefixed with its length, so that no edit leaves it unchanged.
    public var signingText: String {
        var text = "concord-plan \(version)\n\(catalogID ?? "")\n\(catalogRevision)\n"
        func field(_ value: String) { text += "\(value.utf8.count):\(value)|" }
        func value(_ value: FieldValue?) {
            switch value {
            case nil: text += "-|"
            case .quantity(let quantity)?: text += "q\(quantity)|"
            case .money(let money)?: text += "m\(money.minorUnits) \(money.currency.code)|"
            case .text(let string)?: text += "t"; field(string)
            case .status(let status)?: text += "s\(status.rawValue)|"
            case .list(let items)?:
                text += "l\(items.count)|"
                for item in items { field(item) }
            case .weight(let weight)?: text += "w\(weight.value) \(weight.unit.rawValue)|"
            case .none?: text += "n|"
            }
        }
        for store in stores {
            text += "store "
            field(store.store)
            text += store.refused ? "refused\n" : "\n"
            for change in store.changes ?? [] {
                for part in [
                    change.id, change.store.rawValue, change.sku.rawValue, change.ref.productID, change.ref.variantID,
                    change.ref.inventoryItemID ?? "", change.field.key,
                ] {
                    field(part)
                }
                value(change.expected)
                value(change.new)
                text += "\n"
            }
        }
        return text
    }

    /// The JSON form (sorted keys, snake_case, ISO 8601 dates); `summaryOnly` leaves out the changes.
    public func encoded(summaryOnly: Bool = false) throws -> Data {
        var copy = self
        if summaryOnly { for index in copy.stores.indices { copy.stores[index].changes = nil } }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(copy)
    }

    /// Reads a plan file, with an error that names the file and what is wrong.
    public static func read(path: String) throws -> PlanDocument {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PlanDocumentError(
                path: path, message: "cannot read the plan file; check the path (make one with concord plan --out \(path))")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let document: PlanDocument
        do {
            document = try decoder.decode(PlanDocument.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw PlanDocumentError(path: path, message: "not a Concord plan: \(Self.codingPath(context.codingPath + [key])) is missing")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context), let DecodingError.dataCorrupted(
            context)
        {
            throw PlanDocumentError(
                path: path, message: "not a Concord plan: \(Self.codingPath(context.codingPath)): \(context.debugDescription)")
        }
        guard document.version == currentVersion else {
            throw PlanDocumentError(
                path: path,
                message:
                    "plan format version \(document.version) is not the one this Concord reads (\(currentVersion)); make the plan again with concord plan --out"
            )
        }
        return document
    }

    static func codingPath(_ path: [any CodingKey]) -> String {
        path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }
}

/// A plan file that cannot be used, naming the file.
public struct PlanDocumentError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var message: String

    public var description: String { "\(path): \(message)" }
}
