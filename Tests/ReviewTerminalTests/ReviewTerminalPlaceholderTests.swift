import Testing
@testable import ReviewTerminal

@Test func reviewTerminalModuleLinks() {
    #expect(String(describing: ReviewTerminalModule.self).hasSuffix("Module"))
}
