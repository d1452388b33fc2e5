extension Array {
    /// The array cut into pieces of at most `size` (at least 1).
    func chunked(_ size: Int) -> [[Element]] {
        let size = Swift.max(1, size)
        return stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min(count, $0 + size)]) }
    }
}
