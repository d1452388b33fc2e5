import CatalogModel
import CatalogStorage
import Foundation
import MessageAuthentication

/// Signs plan files with the catalog's plan key and checks them before an apply.
///
/// The catalog revision alone cannot tell two catalogs apart (two files imported the same number
/// of times share a revision), nor notice a price typed into the plan by hand; the signature
/// covers every change, and only the catalog database holds its key.
public enum PlanSignature {
    public static func sign(_ document: inout PlanDocument, with key: PlanSigningKey) {
        document.catalogID = key.catalogID
        document.signature = code(for: document, key: key)
    }

    /// Throws, saying what to do, unless `document` was made by `concord plan` from this catalog
    /// and not changed since. Returns the signature.
    public static func verify(_ document: PlanDocument, path: String, key: PlanSigningKey) throws(PlanFileError) -> String {
        guard let catalogID = document.catalogID, let signature = document.signature else {
            throw PlanFileError(path: path, reason: .unsigned)
        }
        guard catalogID == key.catalogID else {
            throw PlanFileError(path: path, reason: .otherCatalog(plan: catalogID, this: key.catalogID))
        }
        guard ConstantTime.equals(Array(signature.utf8), Array(code(for: document, key: key).utf8)) else {
            throw PlanFileError(path: path, reason: .edited)
        }
        return signature
    }

    static func code(for document: PlanDocument, key: PlanSigningKey) -> String {
        // The storage hands over only 64 lower-case hex digits, so the key always decodes.
        Hex.encode(HMAC<SHA256>.authenticationCode(for: Array(document.signingText.utf8), key: Hex.decode(key.keyHex) ?? []))
    }
}

/// Why a saved plan is not applied, with what to do instead.
public struct PlanFileError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
        /// No signature: an older Concord made it, or it was edited.
        case unsigned
        /// Made from another catalog database.
        case otherCatalog(plan: String, this: String)
        /// Changed after `concord plan` wrote it.
        case edited
        /// Applied before, in this run.
        case alreadyApplied(run: Int64)
        /// The catalog moved since the plan was made.
        case catalogChanged(plan: Int64, now: Int64)
        /// Changes for a store the configuration does not name.
        case unknownStore(String, configuration: String)
        /// A change filed under another store's entry.
        case misfiled(store: String, sku: String, filedUnder: String)
    }

    public var path: String
    public var reason: Reason

    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case .unsigned:
            "\(path): the plan is not signed (an older Concord made it, or it was edited); make it again with concord plan --out \(path)"
        case .otherCatalog(let plan, let this):
            "\(path): this plan was made from another catalog (id \(plan); this catalog is \(this)); "
                + "apply it with that catalog's --db, or plan again against this one"
        case .edited:
            "\(path): the plan was changed after concord plan wrote it (its signature does not match); nothing was applied. "
                + "Make it again with concord plan --out \(path), or decide single values in concord review"
        case .alreadyApplied(let run):
            "\(path): this plan was already applied in run \(run); make a new one with concord plan --out \(path) "
                + "(or finish an interrupted run with concord apply --resume)"
        case .catalogChanged(let plan, let now):
            "\(path): the catalog has changed since this plan was made (revision \(plan), now \(now)); "
                + "applying it could push values the catalog no longer holds. Make a new plan with concord plan --out \(path)"
        case .unknownStore(let store, let configuration):
            "\(path): the plan has changes for store \(store), which is not in \(configuration)"
        case .misfiled(let store, let sku, let filedUnder):
            "\(path): a change for store \(store) (SKU \(sku)) is filed under \(filedUnder); the plan file was edited"
        }
    }
}

/// What of a saved plan may be applied now: the checks `concord apply PLAN` makes before it
/// touches anything, in the sync module so every front end makes the same ones.
public struct AdmittedPlan: Sendable {
    /// The plan's signature, recorded with the run so the same file is never applied twice.
    public var signature: String
    /// Each store's changes, in the plan's store order.
    public var changes: [(store: StoreID, changes: [Change])]
    /// Stores whose changes the mass-change guard refused when the plan was made, with why.
    public var refused: [(store: StoreID, reasons: [String])]

    /// Checks `document` against the catalog and the configured stores.
    /// - Throws: ``PlanFileError`` saying what to do: unsigned, another catalog's, edited, applied
    ///   before, made from an older catalog revision, for an unknown store, or with a change filed
    ///   under another store.
    public static func admit(
        _ document: PlanDocument, path: String, catalog: any SyncStateStore & CatalogRecords, stores: Set<StoreID>,
        configurationName: String
    ) async throws -> AdmittedPlan {
        let signature = try PlanSignature.verify(document, path: path, key: try await catalog.planSigningKey())
        if let run = try await catalog.appliedPlanRun(signature: signature) {
            throw PlanFileError(path: path, reason: .alreadyApplied(run: run))
        }
        let revision = try await catalog.catalogRevision()
        guard document.catalogRevision == revision else {
            throw PlanFileError(path: path, reason: .catalogChanged(plan: document.catalogRevision, now: revision))
        }
        var admitted = AdmittedPlan(signature: signature, changes: [], refused: [])
        for entry in document.stores {
            let id = StoreID(entry.store)
            if entry.refused {
                admitted.refused.append((id, entry.guardReasons))
                continue
            }
            guard let changes = entry.changes, !changes.isEmpty else { continue }
            guard stores.contains(id) else {
                throw PlanFileError(path: path, reason: .unknownStore(entry.store, configuration: configurationName))
            }
            if let foreign = changes.first(where: { $0.store != id }) {
                throw PlanFileError(
                    path: path, reason: .misfiled(store: foreign.store.rawValue, sku: foreign.sku.rawValue, filedUnder: entry.store))
            }
            admitted.changes.append((id, changes))
        }
        return admitted
    }
}
