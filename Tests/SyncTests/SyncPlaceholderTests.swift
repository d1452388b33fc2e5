import Testing

@testable import Sync

@Test func syncModuleLinks() {
    #expect(String(describing: SyncPlanner.self) == "SyncPlanner")
}
