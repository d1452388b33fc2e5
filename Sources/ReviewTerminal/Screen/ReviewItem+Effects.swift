import CatalogModel
import CatalogStorage
import Foundation

extension ReviewItem {
    /// What `choice` would do, in the words a person reads before pressing the key
    /// ("push 12 to shopify-main", "take 24.00 EUR into the catalog").
    public func effect(of choice: ReviewDecision.Choice, value: FieldValue? = nil) -> String {
        switch choice {
        case .canonical:
            guard kind.isFieldDifference else { return "keep the catalog as it is; fix the listing in \(store)" }
            return "push \(canonical.map(Self.short) ?? "the catalog's value") to \(store)"
        case .store:
            return "take \(storeValue.map(Self.short) ?? "the store's value") into the catalog"
        case .value:
            return "set the catalog to \(value.map(Self.short) ?? "a value you type") and push it to \(store)"
        case .deferred:
            return "decide later (asked again after the next plan)"
        case .match:
            let candidates = detail?.candidates ?? []
            if case .text(let id)? = value, let chosen = detail?.candidate(matching: id) {
                return "make listing \(chosen.ref.productID)/\(chosen.ref.variantID) \(sku)'s listing in \(store)"
            }
            if candidates.count == 1 {
                return "make listing \(candidates[0].ref.productID)/\(candidates[0].ref.variantID) \(sku)'s listing in \(store)"
            }
            return "choose which of the \(candidates.count) listings is \(sku)'s in \(store) (the others are not synced)"
        case .ignore:
            switch kind {
            case .orphan: return "ignore this listing in \(store) from now on"
            case .missingListing: return "\(sku) is not sold in \(store): never reported missing there again"
            default: return "acknowledge \(code) for \(sku) in \(store): not asked again"
            }
        case .adopt:
            guard let adoption = detail?.adoption else { return "adopt \(sku) into the catalog" }
            return "add \(sku) to the catalog (product \(adoption.handle)) from \(store)'s listing, in sync"
        }
    }

    /// The name of a choice, as the status line and lists say it.
    public static func choiceName(_ choice: ReviewDecision.Choice) -> String {
        switch choice {
        case .canonical: "keep canonical"
        case .store: "take the store's value"
        case .value: "typed a value"
        case .deferred: "deferred"
        case .match: "chose the listing"
        case .ignore: "ignored"
        case .adopt: "adopted"
        }
    }

    /// A value short enough for one line.
    static func short(_ value: FieldValue) -> String {
        let text: String
        switch value {
        case .text(let string): text = "\"\(string)\""
        case .list(let items): text = items.isEmpty ? "no images" : "\(items.count) image\(items.count == 1 ? "" : "s")"
        default: text = value.description
        }
        return text.count > 40 ? String(text.prefix(39)) + "…" : text
    }

    /// The text a person edits for a value (`19.90`, `0.5 kg`, `draft`).
    public static func editableText(_ value: FieldValue) -> String {
        switch value {
        case .money(let money): money.amountString
        case .list(let items): items.joined(separator: ", ")
        case .none: ""
        default: value.description
        }
    }

    /// The age of a date relative to `now`, in the largest whole unit (`5m`, `3h`, `2d`).
    /// "just now", "5m ago", "2h ago": how long ago, for a sentence.
    public static func ago(_ date: Date?, now: Date) -> String {
        let age = age(of: date, now: now)
        return age == "now" ? "just now" : age + " ago"
    }

    public static func age(of date: Date?, now: Date) -> String {
        guard let date else { return "?" }
        let seconds = max(0, Int(now.timeIntervalSince(date)))
        switch seconds {
        case ..<60: return "now"
        case ..<3600: return "\(seconds / 60)m"
        case ..<86_400: return "\(seconds / 3600)h"
        default: return "\(seconds / 86_400)d"
        }
    }
}
