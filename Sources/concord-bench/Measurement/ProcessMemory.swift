import Foundation

/// The process's resident memory, read from `/proc/self/status` (Linux only; `nil` elsewhere).
enum ProcessMemory {
    /// The peak resident set size so far (`VmHWM`), in bytes.
    static var peakResidentBytes: Int? { statusField("VmHWM:") }

    /// The current resident set size (`VmRSS`), in bytes.
    static var residentBytes: Int? { statusField("VmRSS:") }

    /// Reads a `Name:   1234 kB` line of `/proc/self/status` (proc(5)).
    private static func statusField(_ name: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(name) {
            let parts = line.dropFirst(name.count).split(separator: " ", omittingEmptySubsequences: true)
            guard let kilobytes = parts.first.flatMap({ Int($0) }) else { return nil }
            return kilobytes * 1024
        }
        return nil
    }
}
