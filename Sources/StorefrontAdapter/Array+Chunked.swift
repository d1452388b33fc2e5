extension Array {
    /// The array cut into pieces of at most `size` (at least 1), in order: the write batches and
    /// `in`-filter batches every adapter sends.
    public func chunked(_ size: Int) -> [[Element]] {
        let size = Swift.max(1, size)
        return stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min(count, $0 + size)]) }
    }
}
