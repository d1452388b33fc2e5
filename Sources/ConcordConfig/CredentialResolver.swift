import CatalogModel
import Foundation

/// Reads store credentials from the environment or from a credentials file only its owner can read.
///
/// The credentials file maps variable names to values, one `NAME=value` a line (`#` comments
/// allowed), so the same names work in both places and the environment wins. Concord refuses a
/// file that group or others can read or write, as ssh does with a private key.
public struct CredentialResolver: Sendable {
    public var environment: [String: String]
    public var file: String?

    public init(environment: [String: String], file: String? = nil) {
        self.environment = environment
        self.file = file
    }

    /// The value of the variable `name`, from the environment first, then the credentials file.
    /// - Throws: ``CredentialError`` when the variable is unset everywhere, or the file is unsafe.
    public func secret(named name: String, for store: StoreID, key: String) throws(CredentialError) -> Secret {
        // A named credentials file is checked even when the environment supplies everything: an
        // unsafe file is a leak whether or not this run reads it.
        let values = try file.map { path throws(CredentialError) in try Self.readFile(path) }
        if let value = environment[name], !value.isEmpty { return Secret(value) }
        if let value = values?[name], !value.isEmpty { return Secret(value) }
        throw CredentialError(
            store: store, variable: name,
            message:
                "\(key) names \(name), which is not set; export \(name)=… or add it to the credentials file\(file.map { " (\($0))" } ?? "")"
        )
    }

    /// Parses a credentials file after checking, as ssh does for a private key, that it is a
    /// regular file (a symbolic link is followed to one), owned by the user running Concord,
    /// with mode 0600 or stricter, in a folder no one else can write to.
    public static func readFile(_ path: String) throws(CredentialError) -> [String: String] {
        let resolved = (path as NSString).resolvingSymlinksInPath
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: resolved)
        } catch {
            throw CredentialError(
                store: nil, variable: nil, message: "cannot read the credentials file \(path): it does not exist or is not readable")
        }
        let shown = resolved == path ? path : "\(path) (a link to \(resolved))"
        guard (attributes[.type] as? FileAttributeType) == .typeRegular else {
            throw CredentialError(store: nil, variable: nil, message: "refusing the credentials file \(shown): it is not a regular file")
        }
        let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o777
        guard mode & 0o077 == 0 else {
            throw CredentialError(
                store: nil, variable: nil,
                message:
                    "refusing the credentials file \(shown): its mode is \(String(mode, radix: 8)), so others can read it; run chmod 600 \(resolved)"
            )
        }
        if let owner = (attributes[.ownerAccountID] as? NSNumber)?.uint32Value, owner != getuid() {
            throw CredentialError(
                store: nil, variable: nil,
                message:
                    "refusing the credentials file \(shown): it belongs to another user (uid \(owner)); it must be yours (chown it, or keep your own copy)"
            )
        }
        let folder = (resolved as NSString).deletingLastPathComponent
        if let folderMode =
            ((try? FileManager.default.attributesOfItem(atPath: folder.isEmpty ? "." : folder))?[.posixPermissions] as? NSNumber)?.intValue,
            folderMode & 0o022 != 0, folderMode & 0o1000 == 0
        {
            throw CredentialError(
                store: nil, variable: nil,
                message:
                    "refusing the credentials file \(shown): its folder \(folder) can be written by others (mode \(String(folderMode, radix: 8))), who could replace it; run chmod go-w \(folder)"
            )
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CredentialError(store: nil, variable: nil, message: "cannot read the credentials file \(path)")
        }
        var values: [String: String] = [:]
        for (index, rawLine) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        {
            let line = String(rawLine).trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            let body = line.hasPrefix("export ") ? String(line.dropFirst(7)) : line
            guard let equals = body.firstIndex(of: "=") else {
                throw CredentialError(
                    store: nil, variable: nil, message: "\(path):\(index + 1): expected NAME=value (the value is not shown)")
            }
            let name = String(body[..<equals]).trimmingWhitespace()
            var value = String(body[body.index(after: equals)...]).trimmingWhitespace()
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            values[name] = value
        }
        return values
    }
}

/// A missing or unsafe credential. Its message never contains a secret value.
public struct CredentialError: Error, Hashable, Sendable, CustomStringConvertible {
    public var store: StoreID?
    public var variable: String?
    public var message: String

    public var description: String { store.map { "store \($0): \(message)" } ?? message }
}
