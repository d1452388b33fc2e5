import Foundation

/// The full-screen reviewer: a ``RawTerminal`` feeding keys to a ``ReviewScreen`` and its
/// commands to a ``ReviewSession``, redrawing after each key and on every resize.
public enum ReviewTerminalApp {
    /// How the session ended.
    public enum Ending: Sendable {
        /// `q`, or the terminal closed.
        case quit
        /// Ctrl-C: everything decided is saved; the caller exits with 130 as a shell would.
        case interrupted
    }

    /// Runs the screen until the person quits. The terminal is restored on every way out,
    /// including an error thrown by a decision, which is then rethrown.
    public static func run(session: ReviewSession, terminal: RawTerminal = RawTerminal(), colors: Bool) async throws -> Ending {
        try await terminal.withRawMode {
            // Listen before the first draw, so a resize during start-up is not lost.
            let events = terminal.events()
            let size = terminal.size()
            var screen = try await session.makeScreen(width: size.width, height: size.height, colors: colors)
            terminal.draw(screen.lines())
            events: for await event in events {
                switch event {
                case .resize(let width, let height):
                    screen.width = width
                    screen.height = height
                case .endOfInput:
                    break events
                case .keys(let keys):
                    for key in keys {
                        if key == .interrupt { return .interrupted }
                        guard let command = screen.handle(key) else { continue }
                        if try await !session.perform(command, on: &screen) { break events }
                    }
                }
                terminal.draw(screen.lines())
            }
            return .quit
        }
    }
}
