#if canImport(Glibc)
    import Glibc
#endif

/// The process's resident memory, read from `/proc/self/status` (Linux only; `nil` elsewhere).
enum ProcessMemory {
    /// The peak resident set size so far (`VmHWM`), in bytes.
    static var peakResidentBytes: Int? { statusField("VmHWM:") }

    /// The current resident set size (`VmRSS`), in bytes.
    static var residentBytes: Int? { statusField("VmRSS:") }

    /// Reads a `Name:   1234 kB` line of `/proc/self/status` (proc(5)).
    private static func statusField(_ name: String) -> Int? {
        guard let status = readStatus() else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(name) {
            // `VmHWM:\t    1952 kB`: a tab, then the number right-aligned with spaces.
            let parts = line.dropFirst(name.count).split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let kilobytes = parts.first.flatMap({ Int($0) }) else { return nil }
            return kilobytes * 1024
        }
        return nil
    }

    /// The file's text, read with `read(2)`: procfs files report a size of 0, which Foundation's
    /// file readers take at its word.
    private static func readStatus() -> String? {
        #if canImport(Glibc)
            let descriptor = open("/proc/self/status", O_RDONLY)
            guard descriptor >= 0 else { return nil }
            defer { close(descriptor) }
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                guard count > 0 else { break }
                bytes.append(contentsOf: buffer[0..<count])
            }
            return String(decoding: bytes, as: UTF8.self)
        #else
            return nil
        #endif
    }
}
