/// How much a finding matters, lowest first.
public enum Severity: String, Hashable, Sendable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    /// Worth knowing; nothing is wrong in the store.
    case info
    /// Something a customer may notice or that will go wrong later.
    case warning
    /// Costs money now (an oversell, a zero price) or blocks a sync.
    case error

    public var description: String { rawValue }

    var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}
