import ShopifySimulator

extension ShopifyPlatform {
    /// The simulated Admin API with a cost bucket so large that a test not about throttling never
    /// waits for it to refill.
    ///
    /// A new platform at each use: a platform keeps its stores' buckets and bulk operations, so
    /// stores of different tests never share one.
    public static var roomy: ShopifyPlatform { ShopifyPlatform(options: .init(bucketSize: 100_000, restoreRate: 100_000)) }
}
