import Testing
@testable import Telemetry

@Test func telemetryModuleLinks() {
    #expect(String(describing: TelemetryModule.self).hasSuffix("Module"))
}
