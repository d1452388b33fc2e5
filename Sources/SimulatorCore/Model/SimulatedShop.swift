import CatalogModel
import Foundation
import Synchronization

/// Where a simulated store's timestamps come from: the wall clock by default, or a clock a test
/// moves by hand so that `updated_at` filters are exact.
public struct SimClock: Sendable {
    public let now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) { self.now = now }

    public static let system = SimClock { Date() }

    /// A clock that starts at `start` and advances by `step` each time it is read, so every
    /// write gets its own, strictly later timestamp.
    public static func stepping(from start: Date, by step: TimeInterval = 1) -> SimClock {
        let ticks = Mutex(0)
        return SimClock {
            let tick = ticks.withLock { value -> Int in
                defer { value += 1 }
                return value
            }
            return start.addingTimeInterval(Double(tick) * step)
        }
    }
}

/// One simulated store's state, shared by its request handlers. Reads take a consistent copy
/// (a page is cut from one moment); writes are atomic and stamp `updatedAt` from the store's clock.
public final class SimulatedShop: Sendable {
    public let platform: Platform
    public let credentials: SimCredentials
    public let clock: SimClock
    public let manifest: SeedManifest
    private let state: Mutex<ShopState>
    private let seeded: ShopState

    public init(
        platform: Platform, state: ShopState, credentials: SimCredentials, manifest: SeedManifest = SeedManifest(),
        clock: SimClock = .system
    ) {
        self.platform = platform
        self.credentials = credentials
        self.clock = clock
        self.manifest = manifest
        self.state = Mutex(state)
        self.seeded = state
    }

    /// A copy of the whole state as it is now.
    public var snapshot: ShopState { state.withLock { $0 } }

    public func read<T>(_ body: (borrowing ShopState) throws -> T) rethrows -> T {
        try state.withLock { try body($0) }
    }

    /// Runs `body` on the state under the lock; everything it changes lands at once.
    public func mutate<T>(_ body: (inout ShopState) throws -> T) rethrows -> T {
        try state.withLock { try body(&$0) }
    }

    /// Puts the store back to what it was seeded with.
    public func reset() {
        state.withLock { $0 = seeded }
    }

    public var now: Date { clock.now() }
}

extension SimulatedShop {
    /// A store seeded from `seed`: `products` generated products (see `CatalogGenerator`), with the
    /// listing errors and drift asked for, credentials derived from the seed and the name.
    public static func seeded(
        platform: Platform, storeName: String? = nil, seed: UInt64 = 42, products: Int = 50,
        currency: CurrencyCode = .eur, listingErrorShare: Double = 0, drift: DriftProfile = .none,
        clock: SimClock = .system
    ) -> SimulatedShop {
        let name = storeName ?? "sim-" + platform.rawValue
        let catalog = CatalogGenerator(seed: seed, productCount: products, currency: currency).generate()
        return seeded(
            platform: platform, storeName: name, seed: seed, catalog: catalog.products, locations: catalog.locations,
            currency: currency, listingErrorShare: listingErrorShare, drift: drift, clock: clock)
    }

    /// A store seeded from a canonical catalog (generated, or read from a catalog file).
    public static func seeded(
        platform: Platform, storeName: String, seed: UInt64, catalog: [Product], locations: [Location],
        currency: CurrencyCode, listingErrorShare: Double = 0, drift: DriftProfile = .none, clock: SimClock = .system
    ) -> SimulatedShop {
        let seeder = ShopSeeder(
            seed: seed, storeName: storeName, currency: currency, listingErrorShare: listingErrorShare,
            drift: drift, seededAt: clock.now()
        )
        let (state, manifest) = seeder.makeState(catalog: catalog, locations: locations)
        return SimulatedShop(
            platform: platform, state: state, credentials: SimCredentials(seed: seed, storeName: storeName),
            manifest: manifest, clock: clock
        )
    }
}
