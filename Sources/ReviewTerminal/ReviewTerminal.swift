/// The full-screen conflict reviewer behind `concord review`: termios raw mode and ANSI drawing
/// over the review queue kept in the catalog store.
public enum ReviewTerminalModule {}
