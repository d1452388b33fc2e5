import Testing
@testable import Audit

@Test func auditModuleLinks() {
    #expect(String(describing: AuditModule.self).hasSuffix("Module"))
}
