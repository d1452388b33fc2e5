import Foundation

/// Runs Concord's own executables (`concord`, later `concord-sim`) as a user would, for end-to-end tests.
///
/// Output goes to temporary files rather than pipes, so a chatty command can never block on a
/// full pipe, and the wait is a termination handler, so no thread of Swift's small cooperative pool
/// is held while the child runs.
public struct CommandRunner: Sendable {
    /// What a finished command left behind.
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    public let executable: URL

    /// Finds an executable built into the same folder as the running test bundle.
    public init(product: String) throws {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        // The test runner may be inside `<bin>/<Package>PackageTests.xctest/...`; walk up to the bin folder.
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent(product)
            if FileManager.default.isExecutableFile(atPath: candidate.path) {
                executable = candidate
                return
            }
            directory.deleteLastPathComponent()
        }
        throw CommandRunnerError(message: "cannot find the \(product) executable next to the test bundle; run `swift build` first")
    }

    /// A program installed on the machine (a browser, a database tool), the first of `names` found
    /// on `PATH`; `nil` when none is.
    public init?(installed names: [String]) {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for name in names {
            for directory in path.split(separator: ":") {
                let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: candidate.path) {
                    executable = candidate
                    return
                }
            }
        }
        return nil
    }

    /// Runs the executable and waits for it to exit.
    /// - Parameters:
    ///   - arguments: the command line after the executable's name.
    ///   - environment: variables to add to (or, with a `nil` value, remove from) this process's environment.
    ///   - directory: the working directory.
    ///   - input: text for standard input, or nothing (standard input is then empty).
    ///   - interrupt: awaited once the process has started; when it returns, the process gets
    ///     `signal` (how a test kills an apply at a chosen point, e.g. after the simulator answered
    ///     its third write). The result's status is then the signal number.
    ///   - started: called with the process id once it runs (to watch its memory, say).
    public func run(
        _ arguments: [String], environment: [String: String?] = [:], directory: String? = nil, input: String? = nil,
        interrupt: (@Sendable () async -> Void)? = nil, signal: Int32 = SIGKILL, started: (@Sendable (Int32) -> Void)? = nil
    ) async throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        merged["NO_COLOR"] = "1"
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let scratch = NSTemporaryDirectory() + "concord-run-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let outPath = scratch + "/stdout", errPath = scratch + "/stderr", inPath = scratch + "/stdin"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        _ = FileManager.default.createFile(atPath: inPath, contents: Data((input ?? "").utf8))
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        let inputHandle = try FileHandle(forReadingFrom: URL(fileURLWithPath: inPath))
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inputHandle
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in continuation.resume(returning: finished.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
                return
            }
            started?(process.processIdentifier)
            if let interrupt {
                let pid = process.processIdentifier
                Task {
                    await interrupt()
                    kill(pid, signal)
                }
            }
        }
        try out.close()
        try err.close()
        try inputHandle.close()
        return Result(
            status: status,
            stdout: String(decoding: FileManager.default.contents(atPath: outPath) ?? Data(), as: UTF8.self),
            stderr: String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self))
    }
}

public struct CommandRunnerError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
