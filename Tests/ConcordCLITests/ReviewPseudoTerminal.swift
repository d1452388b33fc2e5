import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The real `concord` binary on a pseudo-terminal: the test types keys into the master side and
/// reads the screen back, as a person at a terminal would.
///
/// The test keeps the slave side open so it can read the terminal's modes after the child exits
/// (echo and canonical mode must be back). Output is collected by a reader thread; waiting for
/// text happens on a thread of its own, so no cooperative thread is held while the child works.
final class ReviewPseudoTerminal: @unchecked Sendable {
    let master: Int32
    let slave: Int32
    let process = Process()
    private let condition = NSCondition()
    private var output: [UInt8] = []
    private var consumed = 0
    private var exitStatus: Int32?
    private var exitReason: Process.TerminationReason?
    private var stopped = false

    init(width: Int = 80, height: Int = 24) throws {
        var master: Int32 = -1
        var slave: Int32 = -1
        var size = winsize(ws_row: UInt16(height), ws_col: UInt16(width), ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&master, &slave, nil, nil, &size) == 0 else { throw PseudoTerminalError(message: "openpty failed: errno \(errno)") }
        self.master = master
        self.slave = slave
    }

    deinit {
        stop()
        close(master)
        close(slave)
    }

    /// Starts the executable with the slave side as its standard input, output and error.
    func start(_ executable: URL, arguments: [String], directory: String, environment: [String: String?] = [:]) throws {
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var merged = ProcessInfo.processInfo.environment
        merged["NO_COLOR"] = "1"
        merged["TERM"] = "xterm-256color"
        merged["CONCORD_DB"] = nil
        merged["CONCORD_CONFIG"] = nil
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        let handle = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        process.standardInput = handle
        process.standardOutput = handle
        process.standardError = handle
        process.terminationHandler = { [weak self] finished in
            guard let self else { return }
            self.condition.lock()
            self.exitStatus = finished.terminationStatus
            self.exitReason = finished.terminationReason
            self.condition.broadcast()
            self.condition.unlock()
        }
        try process.run()
        let reader = Thread { [weak self] in self?.readLoop() }
        reader.name = "review-pty-reader"
        reader.start()
    }

    private func readLoop() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            condition.lock()
            let done = stopped
            condition.unlock()
            if done { return }
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            // A bounded poll so the thread notices `stop()`; data wakes it at once.
            guard poll(&descriptor, 1, 100) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            guard count > 0 else { continue }
            condition.lock()
            output.append(contentsOf: buffer[0..<count])
            condition.broadcast()
            condition.unlock()
        }
    }

    func stop() {
        condition.lock()
        stopped = true
        condition.unlock()
        if process.isRunning { process.terminate() }
    }

    /// Types text (bytes as a terminal sends them: "\r" for Enter, "\u{1B}[B" for ↓).
    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Waits until `marker` appears in the screen text written since the last match, and consumes
    /// up to it. Fails the test with the screen seen so far after `timeout`.
    func expect(_ marker: String, timeout: TimeInterval = 30, sourceLocation: SourceLocation = #_sourceLocation) async {
        let found: Bool = await offPool { [self] in
            let deadline = Date().addingTimeInterval(timeout)
            condition.lock()
            defer { condition.unlock() }
            while true {
                let text = Self.strip(output)
                if let range = text.dropFirst(consumed).range(of: marker) {
                    consumed = text.distance(from: text.startIndex, to: range.upperBound)
                    return true
                }
                if Date() >= deadline { return false }
                if exitStatus != nil {
                    // The child is gone: only output still in the terminal's buffer can come.
                    if !condition.wait(until: min(deadline, Date().addingTimeInterval(1))) {
                        let last = Self.strip(output)
                        return last.dropFirst(consumed).contains(marker)
                    }
                    continue
                }
                _ = condition.wait(until: deadline)
            }
        }
        if !found {
            Issue.record(
                "\"\(marker)\" never appeared on the screen; last screen text:\n\(String(screenText.suffix(3000)))",
                sourceLocation: sourceLocation)
        }
    }

    /// Waits for the child to exit; returns its status (the signal number when killed by one).
    func waitForExit(timeout: TimeInterval = 30) async -> (status: Int32, signalled: Bool)? {
        await offPool { [self] in
            let deadline = Date().addingTimeInterval(timeout)
            condition.lock()
            defer { condition.unlock() }
            while exitStatus == nil, condition.wait(until: deadline) {}
            guard let exitStatus else { return nil }
            return (exitStatus, exitReason == .uncaughtSignal)
        }
    }

    /// Changes the window size the way a terminal emulator does: TIOCSWINSZ, then SIGWINCH.
    func resize(width: Int, height: Int) {
        var size = winsize(ws_row: UInt16(height), ws_col: UInt16(width), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        kill(process.processIdentifier, SIGWINCH)
    }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// The slave side's local modes, to see raw mode on while the screen runs and off after.
    var echoAndCanonical: (echo: Bool, canonical: Bool) {
        var attributes = termios()
        _ = tcgetattr(slave, &attributes)
        return (attributes.c_lflag & tcflag_t(ECHO) != 0, attributes.c_lflag & tcflag_t(ICANON) != 0)
    }

    /// Everything written so far, escape sequences included.
    var rawOutput: String {
        condition.lock()
        defer { condition.unlock() }
        return String(decoding: output, as: UTF8.self)
    }

    var screenText: String {
        condition.lock()
        defer { condition.unlock() }
        return Self.strip(output)
    }

    /// Whether the alternate screen was entered and then left.
    var leftAlternateScreen: Bool {
        let raw = rawOutput
        guard let entered = raw.range(of: "\u{1B}[?1049h", options: .backwards) else { return false }
        return raw[entered.upperBound...].contains("\u{1B}[?1049l")
    }

    /// The screen as a terminal of `width` × `height` shows it after everything written so far:
    /// cursor moves (`CSI row;col H`), clears (`CSI 2J`, `CSI K`) and text, colours ignored. A
    /// line drawn past the right edge is reported in `overflows` (a real terminal would wrap it
    /// onto the next row and break the layout).
    func screen(width: Int, height: Int) -> (rows: [String], overflows: [Int]) {
        let bytes: [UInt8] = {
            condition.lock()
            defer { condition.unlock() }
            return output
        }()
        let text = Array(String(decoding: bytes, as: UTF8.self))
        var grid = [[Character]](repeating: [Character](repeating: " ", count: width), count: height)
        var row = 0
        var column = 0
        var overflows: Set<Int> = []
        var index = 0
        while index < text.count {
            let character = text[index]
            if character == "\u{1B}", index + 1 < text.count, text[index + 1] == "[" {
                var end = index + 2
                while end < text.count, !(text[end].asciiValue.map { (0x40...0x7E).contains($0) } ?? false) { end += 1 }
                guard end < text.count else { break }
                let parameters = String(text[(index + 2)..<end])
                switch text[end] {
                case "H":
                    let numbers = parameters.split(separator: ";").map { Int($0) ?? 1 }
                    row = min(height - 1, max(0, (numbers.first ?? 1) - 1))
                    column = min(width - 1, max(0, (numbers.count > 1 ? numbers[1] : 1) - 1))
                case "J" where parameters == "2":
                    grid = [[Character]](repeating: [Character](repeating: " ", count: width), count: height)
                case "K":
                    for erase in column..<width { grid[row][erase] = " " }
                default:
                    break  // colours, cursor visibility, the alternate screen
                }
                index = end + 1
                continue
            }
            switch character {
            case "\r": column = 0
            case "\n": row = min(height - 1, row + 1)
            default:
                if column >= width {
                    overflows.insert(row + 1)
                } else {
                    grid[row][column] = character
                    column += 1
                }
            }
            index += 1
        }
        return (grid.map { String($0) }, overflows.sorted())
    }

    /// The text with ANSI escape sequences removed.
    static func strip(_ bytes: [UInt8]) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x1B, index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "[") {
                index += 2
                while index < bytes.count, !(0x40...0x7E).contains(bytes[index]) { index += 1 }
                index += 1
                continue
            }
            result.append(bytes[index])
            index += 1
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Runs blocking work on a thread of its own.
    private func offPool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: body()) }.start()
        }
    }
}

struct PseudoTerminalError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
