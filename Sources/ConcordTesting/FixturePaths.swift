import Foundation

/// Locates test fixtures from the source tree, whatever the working directory of the test run.
///
/// `swift test` may run from the package root, from Xcode's derived data or from a CI checkout
/// elsewhere, so paths are found from this file's own `#filePath` (compiled into the test support
/// library): walk up to the directory holding `Package.swift`, then go to `Fixtures/` inside it or
/// to the read-only shared fixtures beside it (`../shared/fixtures`). Paths are plain strings, as
/// everywhere else in Concord.
public enum FixturePaths {
    /// The package root, without a trailing slash: the nearest directory above this source file
    /// that holds a `Package.swift`.
    public static let packageRoot: String = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                return directory.path
            }
            directory.deleteLastPathComponent()
        }
        fatalError("No Package.swift above \(#filePath); FixturePaths only works from a source checkout")
    }()

    /// The package's own fixtures directory, `Fixtures/`.
    public static var packageFixtures: String { packageRoot + "/Fixtures" }

    /// The shared public reference data, `../shared/fixtures` from the package root (read-only).
    public static var sharedFixtures: String {
        (packageRoot as NSString).deletingLastPathComponent + "/shared/fixtures"
    }

    /// A file under the package's `Fixtures/`, such as `package("catalog/sample.jsonl")`.
    public static func package(_ relativePath: String) -> String { packageFixtures + "/" + relativePath }

    /// A file under the shared fixtures, such as `shared("shopify/product_template.csv")`.
    public static func shared(_ relativePath: String) -> String { sharedFixtures + "/" + relativePath }

    /// The text of a fixture file (`package(...)` or `shared(...)`), read as UTF-8.
    public static func text(atPath path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }
}
