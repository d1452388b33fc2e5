import CatalogStorage
import MessageAuthentication
import Sync

/// Signs plan files with the catalog's plan key and checks them before an apply.
///
/// The catalog revision alone cannot tell two catalogs apart (two files imported the same number
/// of times share a revision), nor notice a price typed into the plan by hand; the signature
/// covers every change, and only the catalog database holds its key.
enum PlanSignature {
    static func sign(_ document: inout PlanDocument, with key: PlanSigningKey) {
        document.catalogID = key.catalogID
        document.signature = code(for: document, key: key)
    }

    /// Throws, saying what to do, unless `document` was made by `concord plan` from this catalog
    /// and not changed since. Returns the signature.
    static func verify(_ document: PlanDocument, path: String, key: PlanSigningKey) throws -> String {
        guard let catalogID = document.catalogID, let signature = document.signature else {
            throw CLIError("\(path): the plan is not signed (an older Concord made it, or it was edited); make it again with concord plan --out \(path)")
        }
        guard catalogID == key.catalogID else {
            throw CLIError(
                "\(path): this plan was made from another catalog (id \(catalogID); this catalog is \(key.catalogID)); "
                    + "apply it with that catalog's --db, or plan again against this one")
        }
        guard ConstantTime.equals(Array(signature.utf8), Array(code(for: document, key: key).utf8)) else {
            throw CLIError(
                "\(path): the plan was changed after concord plan wrote it (its signature does not match); nothing was applied. "
                    + "Make it again with concord plan --out \(path), or decide single values in concord review")
        }
        return signature
    }

    static func code(for document: PlanDocument, key: PlanSigningKey) -> String {
        // The storage hands over only 64 lower-case hex digits, so the key always decodes.
        Hex.encode(HMAC<SHA256>.authenticationCode(for: Array(document.signingText.utf8), key: Hex.decode(key.keyHex) ?? []))
    }
}
