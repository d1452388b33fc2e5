import CatalogModel

/// A write call that failed as a whole, and what that means for each of its changes: the steps
/// the REST writers (WooCommerce, Magento) share, so a failure reads and counts the same on both.
public struct WriteFailure: Error, Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// The store refused the call before doing anything (HTTP 400, 401, 403, 404, 413, 422):
        /// nothing changed, the changes are rejected.
        case refused
        /// The call was sent and its answer lost or failed otherwise: it may or may not have
        /// landed, so its changes are unknown and a resume reads the store before sending again.
        case mayHaveLanded
        /// Reading the store again before writing failed: nothing was sent, the changes wait
        /// (unknown) for a resume that reads first.
        case notSent
    }

    public var kind: Kind
    public var error: AdapterError

    /// Statuses with which a store refuses a whole call before doing anything.
    public static let refusalStatuses: Set<Int> = [400, 401, 403, 404, 413, 422]

    /// A sent call that failed with `error`: refused, or possibly landed.
    public init(sent error: any Error, store: StoreID) {
        let error = Self.adapterError(error, store: store)
        self.error = error
        kind = error.status.map(Self.refusalStatuses.contains) == true ? .refused : .mayHaveLanded
    }

    /// A call never sent because reading the store again before it failed with `error`.
    public init(notSent error: any Error, store: StoreID) {
        self.error = Self.adapterError(error, store: store)
        kind = .notSent
    }

    /// The adapter's own error, or an `unreachable` one wrapping whatever else was thrown.
    public static func adapterError(_ error: any Error, store: StoreID) -> AdapterError {
        (error as? AdapterError) ?? AdapterError(code: .unreachable, store: store, message: String(describing: error))
    }

    /// `rejected` for a refusal, else `unknown`.
    public var status: ChangeOutcome.Status { kind == .refused ? .rejected : .unknown }

    /// What a person reads for each change of the call. A refusal is the store's own words,
    /// after `refusalPrefix` where those words do not say who refused (WooCommerce's).
    public func message(refusalPrefix: String = "") -> String {
        switch kind {
        case .refused: refusalPrefix + error.message
        case .mayHaveLanded:
            "the write may or may not have landed (\(error.message)); Concord does not repeat it blind: read the store again"
        case .notSent: "not written: reading it again before writing failed: \(error.message)"
        }
    }

    /// The outcome of one of the call's changes.
    public func outcome(for change: Change, refusalPrefix: String = "") -> ChangeOutcome {
        ChangeOutcome(changeID: change.id, status: status, message: message(refusalPrefix: refusalPrefix), httpStatus: error.status)
    }
}

/// Checks every REST writer makes on the changes of one apply before it writes.
public enum WriteChecks {
    /// Two changes to one field of one item must agree: when they do not, both are rejected
    /// (the plan contradicts itself) and the others go on.
    /// - Parameter item: The item a change writes to (the variant, the product).
    public static func agreeing(_ changes: [Change], item: (Change) -> String, platform: String) -> (
        writable: [Change], rejected: [ChangeOutcome]
    ) {
        let byField = Dictionary(grouping: changes) { item($0) + "|" + $0.field.key }
        var writable: [Change] = []
        var rejected: [ChangeOutcome] = []
        for change in changes {
            let siblings = byField[item(change) + "|" + change.field.key] ?? []
            if Set(siblings.map(\.new)).count > 1 {
                rejected.append(
                    ChangeOutcome(
                        changeID: change.id, status: .rejected,
                        message:
                            "conflicting changes to \(change.field) of the same \(platform) item in one apply (\(siblings.map(\.new.description).joined(separator: " vs "))); plan again"
                    ))
            } else {
                writable.append(change)
            }
        }
        return (writable, rejected)
    }
}
