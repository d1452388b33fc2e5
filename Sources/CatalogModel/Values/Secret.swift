/// A credential (API token, consumer secret, password) that must never be printed.
///
/// Its `description` and `debugDescription` are `<redacted>`, so string interpolation, `print`,
/// `dump` and log metadata cannot leak it by accident; code that must send it reads ``reveal()``.
public struct Secret: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    private let value: String

    public init(_ value: String) { self.value = value }

    /// The secret itself, for the one place that puts it on the wire.
    public func reveal() -> String { value }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
