import ConcordTesting
import Testing

extension ReviewPseudoTerminal {
    /// The real `concord review` on `setup`'s database, started in a new pseudo-terminal of
    /// `width` × `height` that is in cooked mode (echo and canonical input on), as a shell leaves it.
    static func review(
        _ setup: ReviewQueueSetup, width: Int = 80, height: Int = 24, environment: [String: String?] = [:]
    ) throws -> ReviewPseudoTerminal {
        let terminal = try ReviewPseudoTerminal(width: width, height: height)
        #expect(terminal.echoAndCanonical == (true, true))
        try terminal.start(
            try CommandRunner(product: "concord").executable, arguments: ["review", "--db", setup.databasePath],
            directory: setup.directory.path, environment: environment)
        return terminal
    }

    /// Expects the terminal as `concord review` found it: echo and canonical mode back, the
    /// alternate screen left.
    func expectRestored(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(echoAndCanonical == (true, true), "echo and canonical mode are back", sourceLocation: sourceLocation)
        #expect(leftAlternateScreen, "the alternate screen was left", sourceLocation: sourceLocation)
    }
}
