extension Duration {
    /// The duration in seconds, as libcurl options and token-bucket arithmetic want it.
    var inSeconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// Whole milliseconds, rounded up so a tiny positive timeout never becomes curl's "no timeout" (0).
    var inMilliseconds: Int {
        let parts = components
        let millis = parts.seconds * 1000 + (parts.attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int(clamping: millis)
    }
}
