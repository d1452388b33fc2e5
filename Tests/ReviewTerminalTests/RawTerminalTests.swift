import Foundation
import Testing

@testable import ReviewTerminal

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Raw mode on a pseudo-terminal")
struct RawTerminalTests {
    struct DecisionFailed: Error {}

    @Test("an error thrown while the screen runs (a failing decision) still restores echo, canonical mode and the main screen")
    func thrownErrorRestores() async throws {
        var master: Int32 = -1
        var slave: Int32 = -1
        var size = winsize(ws_row: 24, ws_col: 80, ws_xpixel: 0, ws_ypixel: 0)
        try #require(openpty(&master, &slave, nil, nil, &size) == 0)
        defer {
            close(master)
            close(slave)
        }
        func modes() -> (echo: Bool, canonical: Bool) {
            var attributes = termios()
            _ = tcgetattr(slave, &attributes)
            return (attributes.c_lflag & tcflag_t(ECHO) != 0, attributes.c_lflag & tcflag_t(ICANON) != 0)
        }
        #expect(modes() == (true, true))
        let terminal = RawTerminal(input: slave, output: slave)
        #expect(terminal.size().width == 80)
        await #expect(throws: DecisionFailed.self) {
            try await terminal.withRawMode {
                #expect(modes() == (false, false))
                throw DecisionFailed()
            }
        }
        #expect(modes() == (true, true))
        let written = Self.read(master, until: "\u{1B}[?1049l")
        #expect(written.hasPrefix("\u{1B}[?1049h"))
        #expect(written.hasSuffix("\u{1B}[?1049l"))
    }

    /// Reads what the terminal wrote until `marker` arrives. The kernel hands slave writes to the
    /// master side asynchronously, so one `read` may return only the first chunk; a bounded poll
    /// loop waits for the data itself, not for a fixed time.
    static func read(_ master: Int32, until marker: String, timeout: TimeInterval = 10) -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if String(decoding: bytes, as: UTF8.self).hasSuffix(marker) { break }
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 100) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { Glibc.read(master, $0.baseAddress, $0.count) }
            if count > 0 { bytes.append(contentsOf: buffer[0..<count]) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("colour only on a terminal, never with NO_COLOR or TERM=dumb")
    func colours() {
        #expect(!RawTerminal.colorsEnabled(environment: ["NO_COLOR": "1"], output: STDOUT_FILENO))
        #expect(!RawTerminal.colorsEnabled(environment: ["TERM": "dumb"], output: STDOUT_FILENO))
        let pipe = Pipe()
        #expect(!RawTerminal.colorsEnabled(environment: [:], output: pipe.fileHandleForWriting.fileDescriptor))
    }
}
