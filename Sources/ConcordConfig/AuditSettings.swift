import Foundation

/// The `[audit]` section of `concord.toml`: the thresholds a scheduled `concord audit` runs with,
/// so a cron line does not have to repeat them.
///
/// Each field is `nil` when the file does not set it; `concord audit` then takes its flag, and
/// without one its documented default. A flag always wins over the file.
public struct AuditSettings: Hashable, Sendable {
    /// The shipment SLA the on-time rate is measured against, in hours (`sla = "48h"`).
    public var slaHours: Int?
    /// Stock read longer ago than this many hours is reported stale (`stale_after = "24h"`).
    public var staleAfterHours: Int?
    /// Exit 4 when a store's accuracy is below this percentage (`fail_under = "98.5"`), kept as a
    /// `Decimal` because TOML floats are binary and a threshold of 99.95 must stay 99.95.
    public var failUnder: Decimal?

    /// - Parameters:
    ///   - slaHours: The shipment SLA in hours; `nil` leaves it to the flag or the default (48).
    ///   - staleAfterHours: The stale-stock threshold in hours; `nil`: the flag or the default (24).
    ///   - failUnder: The accuracy percentage below which the audit exits 4; `nil`: no threshold.
    public init(slaHours: Int? = nil, staleAfterHours: Int? = nil, failUnder: Decimal? = nil) {
        self.slaHours = slaHours
        self.staleAfterHours = staleAfterHours
        self.failUnder = failUnder
    }

    /// The longest duration accepted: ten years, in hours.
    public static let maximumHours = 24 * 3_650

    /// Reads a duration in whole hours: `48h`, `2d`, or a bare number of hours, in the same
    /// grammar as every other duration Concord reads (``ServiceDuration``).
    ///
    /// Shared by the `[audit]` keys and `concord audit`'s flags, so that both accept the same text.
    /// - Returns: the hours, or `nil` when the text is not such a duration (or is zero, not whole
    ///   hours, or beyond ten years).
    public static func hours(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let bareHours = !trimmed.isEmpty && trimmed.allSatisfy { $0.isASCII && $0.isNumber }
        guard let duration = ServiceDuration.parse(bareHours ? trimmed + "h" : trimmed) else { return nil }
        let seconds = duration.components.seconds
        guard duration.components.attoseconds == 0, seconds > 0, seconds % 3_600 == 0, seconds / 3_600 <= maximumHours else { return nil }
        return Int(seconds / 3_600)
    }
}
