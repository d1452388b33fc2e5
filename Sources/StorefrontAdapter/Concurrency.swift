extension Collection where Element: Sendable {
    /// Maps every element with at most `limit` transforms running at once, keeping the order.
    ///
    /// A sliding window, not waves: a new transform starts as soon as one finishes, so one slow
    /// request does not hold up the others. The first error cancels the rest and is thrown.
    /// Adapters use it to fan out reads and writes to one store without flooding it (the store's
    /// rate governor paces the requests themselves).
    public func concurrentMap<T: Sendable>(limit: Int, _ transform: @escaping @Sendable (Element) async throws -> T) async throws -> [T] {
        let items = Array(self)
        guard !items.isEmpty else { return [] }
        return try await withThrowingTaskGroup(of: (Int, T).self) { group in
            var results = [T?](repeating: nil, count: items.count)
            var next = 0
            func startNext() {
                guard next < items.count else { return }
                let index = next
                let item = items[index]
                next += 1
                group.addTask { (index, try await transform(item)) }
            }
            for _ in 0..<Swift.max(1, limit) { startNext() }
            while let (index, value) = try await group.next() {
                results[index] = value
                startNext()
            }
            return results.map { $0! }
        }
    }
}
