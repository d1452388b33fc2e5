import ConcordConfig
import Foundation
import Testing

/// The `[audit]` section: durations and a percentage threshold, with key-path errors.
struct AuditSettingsTests {
    @Test func readsEveryKey() throws {
        let configuration = try ConfigurationLoader.parse(
            """
            [audit]
            sla = "2d"
            stale_after = "12h"
            fail_under = "98.5"
            """, file: "concord.toml")
        #expect(configuration.audit.slaHours == 48)
        #expect(configuration.audit.staleAfterHours == 12)
        #expect(configuration.audit.failUnder == Decimal(string: "98.5"))
    }

    @Test func absentSectionSetsNothing() throws {
        let configuration = try ConfigurationLoader.parse("[catalog]\ncurrency = \"EUR\"\n")
        #expect(configuration.audit == AuditSettings())
    }

    @Test(arguments: [
        ("fail_under = 99", Decimal(99)),
        ("fail_under = \"99.95%\"", Decimal(string: "99.95")!),
        ("fail_under = \"0\"", Decimal(0)),
        ("fail_under = \"100\"", Decimal(100)),
    ])
    func percentForms(line: String, expected: Decimal) throws {
        #expect(try ConfigurationLoader.parse("[audit]\n\(line)\n").audit.failUnder == expected)
    }

    @Test(arguments: [
        ("[audit]\nsla = \"soon\"\n", "audit.sla", "not a duration", 2),
        ("[audit]\nsla = 48\n", "audit.sla", "write the unit too", 2),
        ("[audit]\nstale_after = \"0h\"\n", "audit.stale_after", "not a duration", 2),
        ("[audit]\nstale_after = true\n", "audit.stale_after", "must be a string", 2),
        ("[audit]\nfail_under = 98.5\n", "audit.fail_under", "TOML floats are inexact", 2),
        ("[audit]\nfail_under = \"101\"\n", "audit.fail_under", "from 0 to 100", 2),
        ("[audit]\nfail_under = \"-1\"\n", "audit.fail_under", "quoted decimal", 2),
        ("[audit]\nfail_under = \"98,5\"\n", "audit.fail_under", "quoted decimal", 2),
        ("[audit]\nsla = \"48h\"\nstale_afte = \"24h\"\n", "audit.stale_afte", "not a setting Concord knows", 3),
        ("audit = \"strict\"\n", "audit", "must be a table", 1),
    ])
    func namesTheKeyPathOfWhatIsWrong(text: String, keyPath: String, fragment: String, line: Int) {
        #expect {
            try ConfigurationLoader.parse(text, file: "concord.toml")
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.keyPath == keyPath && error.description.contains(fragment) && error.line == line
                && error.description.hasPrefix("concord.toml:\(line): \(keyPath): ")
        }
    }

    @Test(arguments: [("48h", 48), ("48", 48), ("2d", 48), (" 3D ", 72), ("87600h", 87_600)])
    func durations(text: String, hours: Int) {
        #expect(AuditSettings.hours(text) == hours)
    }

    @Test(arguments: ["", "h", "0", "-2h", "1.5h", "3w", "87601h", "9999999999999999999d", "٣h", "90m", "9000000000000000000d"])
    func badDurations(text: String) {
        #expect(AuditSettings.hours(text) == nil)
    }
}
