/// A configuration problem, naming the file and the key path (`stores.woo-eu.url`) it concerns.
public struct ConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String?
    /// The dotted key path, or `nil` for a problem with the file as a whole.
    public var keyPath: String?
    /// The line in the file, for syntax errors.
    public var line: Int?
    public var message: String
    /// Other mistakes found in the same file, each with its own place: a file is reported whole.
    public var more: [ConfigurationError] = []

    public init(file: String?, keyPath: String? = nil, line: Int? = nil, message: String) {
        self.file = file
        self.keyPath = keyPath
        self.line = line
        self.message = message
    }

    public var description: String {
        var location = file ?? "configuration"
        if let line { location += ":\(line)" }
        if let keyPath { location += ": \(keyPath)" }
        let first = "\(location): \(message)"
        guard !more.isEmpty else { return first }
        return ([first] + more.map(\.description)).joined(separator: "\n")
    }
}
