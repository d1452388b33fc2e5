import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
    private let systemWrite = Glibc.write
#elseif canImport(Darwin)
    import Darwin
    private let systemWrite = Darwin.write
#endif

/// The terminal in raw mode on the alternate screen, and everything needed to give it back.
///
/// A person who quits, presses Ctrl-C, gets a SIGTERM from a supervisor or hits a bug must get
/// their shell back as they left it: echo and line editing on, the main screen with its
/// scrollback, the cursor visible. ``restore()`` runs on the normal path (and from `defer` when a
/// decision handler throws); for signals, a C handler restores the saved termios with
/// async-signal-safe calls only (`tcsetattr`, `write`) and re-raises the signal so the exit
/// status still says what happened. A resource, hence a class.
public final class RawTerminal: @unchecked Sendable {
    /// What arrives from the terminal.
    public enum Event: Sendable {
        case keys([Key])
        case resize(width: Int, height: Int)
        /// Standard input closed (the terminal went away).
        case endOfInput
    }

    public let input: Int32
    public let output: Int32
    private var saved = termios()
    private var isRaw = false
    private var resizeSource: (any DispatchSourceSignal)?

    public init(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO) {
        self.input = input
        self.output = output
    }

    /// Whether both ends are terminals (else `concord review` prints the list instead).
    public static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

    /// Colour only on a terminal, and never when `NO_COLOR` is set (no-color.org) or TERM is dumb.
    public static func colorsEnabled(environment: [String: String] = ProcessInfo.processInfo.environment, output: Int32 = STDOUT_FILENO)
        -> Bool
    {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return isatty(output) == 1
    }

    /// Switches to raw mode and the alternate screen, and arms the signal handlers.
    public func enter() throws {
        guard !isRaw else { return }
        guard tcgetattr(input, &saved) == 0 else {
            throw RawTerminalError(
                message: "standard input is not a terminal; use concord review --list, or resolve items with concord review resolve")
        }
        var raw = saved
        raw.c_iflag &= ~tcflag_t(BRKINT | ICRNL | INPCK | ISTRIP | IXON)
        raw.c_cflag |= tcflag_t(CS8)
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN | ISIG)
        withUnsafeMutableBytes(of: &raw.c_cc) { bytes in
            bytes[Int(VMIN)] = 1
            bytes[Int(VTIME)] = 0
        }
        signalRestore.arm(fd: input, output: output, attributes: saved)
        for number in SignalRestore.signals {
            // Keep whatever was installed (the Swift runtime's crash backtracer, say) to hand on to.
            signalRestore.storage.previous[Int(number)] = signal(number, restoreTerminalAndReraise)
        }
        guard tcsetattr(input, TCSAFLUSH, &raw) == 0 else {
            signalRestore.disarm()
            throw RawTerminalError(message: "could not switch the terminal to raw mode (errno \(errno))")
        }
        isRaw = true
        write("\u{1B}[?1049h\u{1B}[?25l\u{1B}[H\u{1B}[2J")
    }

    /// Leaves raw mode and the alternate screen; safe to call more than once.
    public func restore() {
        guard isRaw else { return }
        isRaw = false
        resizeSource?.cancel()
        resizeSource = nil
        write("\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l")
        _ = tcsetattr(input, TCSAFLUSH, &saved)
        signalRestore.disarm()
        for number in SignalRestore.signals { signal(number, signalRestore.storage.previous[Int(number)] ?? SIG_DFL) }
    }

    /// The window's size in columns and rows (80×24 when the terminal will not say).
    public func size() -> (width: Int, height: Int) {
        var window = winsize()
        if ioctl(output, UInt(TIOCGWINSZ), &window) == 0, window.ws_col > 0, window.ws_row > 0 {
            return (Int(window.ws_col), Int(window.ws_row))
        }
        return (80, 24)
    }

    /// Draws whole lines from the top, clearing what each line leaves of the previous frame.
    public func draw(_ lines: [String]) {
        var frame = "\u{1B}[H"
        for (index, line) in lines.enumerated() { frame += "\u{1B}[\(index + 1);1H" + line + "\u{1B}[0m\u{1B}[K" }
        frame += "\u{1B}[J"
        write(frame)
    }

    public func write(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { systemWrite(output, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            bytes = bytes.dropFirst(written)
        }
    }

    /// Keys and resizes, as they happen. Keys are read on a thread of their own (a blocking
    /// `read` must not hold one of Swift's few cooperative threads); SIGWINCH arrives through a
    /// dispatch signal source.
    public func events() -> AsyncStream<Event> {
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self)
        let input = self.input
        let reader = Thread {
            var buffer = [UInt8](repeating: 0, count: 256)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else {
                    continuation.yield(.endOfInput)
                    continuation.finish()
                    return
                }
                continuation.yield(.keys(KeyDecoder.decode(Array(buffer[0..<count]))))
            }
        }
        reader.name = "concord.review.keys"
        reader.start()
        signal(SIGWINCH, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGWINCH, queue: DispatchQueue(label: "concord.review.resize"))
        source.setEventHandler { [weak self] in
            guard let self else { return }
            let size = self.size()
            continuation.yield(.resize(width: size.width, height: size.height))
        }
        source.resume()
        resizeSource = source
        return stream
    }

    /// Runs `body` in raw mode and restores the terminal however it ends (return or throw).
    public func withRawMode<T>(_ body: () async throws -> T) async throws -> T {
        try enter()
        defer { restore() }
        return try await body()
    }
}

/// Why the terminal could not be used.
public struct RawTerminalError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}

/// What the signal handler needs, in plain memory it can read without locks or allocation.
struct SignalRestore: @unchecked Sendable {
    final class Storage: @unchecked Sendable {
        var armed: sig_atomic_t = 0
        var input: Int32 = -1
        var output: Int32 = -1
        var attributes = termios()
        /// The handler each signal had before, by signal number.
        let previous = UnsafeMutablePointer<sighandler_t?>.allocate(capacity: 65)

        init() { previous.initialize(repeating: nil, count: 65) }
    }

    /// The signals that end the process: the terminal must be given back before it goes.
    static let signals = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE]

    let storage = Storage()

    func arm(fd: Int32, output: Int32, attributes: termios) {
        storage.input = fd
        storage.output = output
        storage.attributes = attributes
        storage.armed = 1
    }

    func disarm() { storage.armed = 0 }
}

let signalRestore = SignalRestore()

/// Restores the terminal and re-raises the signal (async-signal-safe calls only).
private func restoreTerminalAndReraise(_ number: Int32) {
    let storage = signalRestore.storage
    if storage.armed != 0 {
        storage.armed = 0
        let leave: StaticString = "\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l"
        _ = systemWrite(storage.output, leave.utf8Start, leave.utf8CodeUnitCount)
        _ = tcsetattr(storage.input, TCSAFLUSH, &storage.attributes)
    }
    // Hand on to the previous handler (or the default action), which ends the process.
    signal(number, storage.previous[Int(number)] ?? SIG_DFL)
    raise(number)
}
