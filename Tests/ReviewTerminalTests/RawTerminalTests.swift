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
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = read(master, &buffer, buffer.count)
        let written = String(decoding: buffer[0..<max(0, count)], as: UTF8.self)
        #expect(written.hasPrefix("\u{1B}[?1049h"))
        #expect(written.hasSuffix("\u{1B}[?1049l"))
    }

    @Test("colour only on a terminal, never with NO_COLOR or TERM=dumb")
    func colours() {
        #expect(!RawTerminal.colorsEnabled(environment: ["NO_COLOR": "1"], output: STDOUT_FILENO))
        #expect(!RawTerminal.colorsEnabled(environment: ["TERM": "dumb"], output: STDOUT_FILENO))
        let pipe = Pipe()
        #expect(!RawTerminal.colorsEnabled(environment: [:], output: pipe.fileHandleForWriting.fileDescriptor))
    }
}
