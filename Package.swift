// swift-tools-version: 6.1
import PackageDescription

/// Upcoming features every Concord module builds with (Hummingbird's choice: existentials are spelled `any`).
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "Concord",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "concord", targets: ["concord"]),
        .executable(name: "concord-sim", targets: ["concord-sim"]),
        .executable(name: "concord-bench", targets: ["concord-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
        .package(url: "https://github.com/GraphQLSwift/GraphQL", from: "4.3.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // MARK: Core values (no I/O)
        .target(name: "CatalogModel", swiftSettings: swiftSettings),
        .target(name: "JSONValue", swiftSettings: swiftSettings),
        .target(name: "Reconcile", dependencies: ["CatalogModel"], swiftSettings: swiftSettings),
        .target(name: "Planning", dependencies: ["CatalogModel", "Reconcile"], swiftSettings: swiftSettings),
        .target(
            name: "MessageAuthentication", dependencies: [.product(name: "Crypto", package: "swift-crypto")], swiftSettings: swiftSettings),

        // MARK: Edges
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(
            name: "HTTPClient",
            dependencies: [
                "CCurl", "CatalogModel",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .target(name: "PostgresClient", dependencies: ["CLibPQ"], swiftSettings: swiftSettings),
        .target(
            name: "CatalogStorage",
            dependencies: [
                "CatalogModel",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PostgresCatalogStorage",
            dependencies: ["CatalogStorage", "CatalogModel", "PostgresClient"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CatalogFormats",
            dependencies: [
                "CatalogModel",
                "JSONValue",
                .product(name: "CSV", package: "CSV.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ConcordConfig",
            dependencies: [
                "CatalogModel", "Reconcile",
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "StorefrontAdapter",
            dependencies: ["CatalogModel", "HTTPClient"],
            swiftSettings: swiftSettings
        ),

        // MARK: Platform adapters (each depends on the adapter protocol, HTTP and the model only)
        .target(
            name: "ShopifyAdapter",
            dependencies: ["StorefrontAdapter", "HTTPClient", "CatalogModel", "JSONValue"],
            path: "Adapters/Shopify",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "WooCommerceAdapter",
            dependencies: ["StorefrontAdapter", "HTTPClient", "CatalogModel", "JSONValue"],
            path: "Adapters/WooCommerce",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "MagentoAdapter",
            dependencies: ["StorefrontAdapter", "HTTPClient", "CatalogModel", "JSONValue"],
            path: "Adapters/Magento",
            swiftSettings: swiftSettings
        ),
        // Every platform in one place: one line per adapter (AdapterRegistry.platforms).
        .target(
            name: "AdapterRegistry",
            dependencies: ["CatalogModel", "HTTPClient", "StorefrontAdapter", "ShopifyAdapter", "WooCommerceAdapter", "MagentoAdapter"],
            swiftSettings: swiftSettings
        ),

        // MARK: Orchestration: fetch → reconcile → plan (→ apply), the only module holding adapters and the store together
        .target(
            name: "Sync",
            dependencies: [
                "CatalogModel", "CatalogStorage", "ConcordConfig", "Reconcile", "Planning", "StorefrontAdapter", "HTTPClient",
                "MessageAuthentication",
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Reports and the people-facing edges over the catalog store
        .target(
            name: "Audit",
            dependencies: ["CatalogModel", "CatalogStorage", "Reconcile", "Planning"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ReviewTerminal",
            dependencies: ["CatalogModel", "CatalogStorage", "Reconcile"],
            swiftSettings: swiftSettings
        ),

        // MARK: Unattended operation: webhooks in, metrics out
        .target(
            name: "WebhookReceiver",
            dependencies: [
                "CatalogModel", "JSONValue", "MessageAuthentication", "LoopbackHTTP",
                .product(name: "FlyingFox", package: "FlyingFox"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Telemetry",
            dependencies: [
                "CatalogModel", "LoopbackHTTP",
                .product(name: "FlyingFox", package: "FlyingFox"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: The loopback HTTP server the simulator, metrics and webhooks run on
        .target(
            name: "LoopbackHTTP",
            dependencies: [.product(name: "FlyingFox", package: "FlyingFox")],
            swiftSettings: swiftSettings
        ),

        // MARK: Storefront simulator (core, one module per platform, and the wiring)
        .target(
            name: "SimulatorCore",
            dependencies: [
                "CatalogModel", "JSONValue", "LoopbackHTTP",
                .product(name: "FlyingFox", package: "FlyingFox"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ShopifySimulator",
            dependencies: ["SimulatorCore", "CatalogModel", "JSONValue", .product(name: "GraphQL", package: "GraphQL")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "WooCommerceSimulator",
            dependencies: ["SimulatorCore", "CatalogModel", "JSONValue", "MessageAuthentication"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "MagentoSimulator",
            dependencies: ["SimulatorCore", "CatalogModel", "JSONValue"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "StorefrontSimulator",
            dependencies: [
                "SimulatorCore", "ShopifySimulator", "WooCommerceSimulator", "MagentoSimulator",
                "CatalogModel", "CatalogFormats", "JSONValue", "StorefrontAdapter", "MessageAuthentication",
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Executables
        .executableTarget(
            name: "concord",
            dependencies: [
                "CatalogModel", "CatalogStorage", "CatalogFormats", "ConcordConfig",
                "HTTPClient", "StorefrontAdapter", "ShopifyAdapter", "WooCommerceAdapter", "MagentoAdapter", "AdapterRegistry",
                "PostgresCatalogStorage", "PostgresClient",
                "SimulatorCore", "StorefrontSimulator", "ShopifySimulator", "Reconcile", "Planning", "Sync",
                "Audit", "ReviewTerminal", "WebhookReceiver", "Telemetry", "MessageAuthentication",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        .executableTarget(
            name: "concord-sim",
            dependencies: [
                "StorefrontSimulator", "SimulatorCore", "CatalogModel", "CatalogFormats", "JSONValue",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),

        .executableTarget(
            name: "concord-bench",
            dependencies: [
                "Reconcile", "Planning", "CatalogModel", "SimulatorCore", "StorefrontSimulator", "StorefrontAdapter",
                "ShopifyAdapter", "WooCommerceAdapter", "MagentoAdapter", "AdapterRegistry", "HTTPClient", "ShopifySimulator",
                "Sync", "CatalogStorage", "PostgresCatalogStorage", "CatalogFormats", "ConcordConfig", "ConcordTesting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Test support and tests
        .target(
            name: "ConcordTesting",
            dependencies: [
                "CatalogModel", "HTTPClient", "StorefrontAdapter", "StorefrontSimulator", "SimulatorCore", "ShopifySimulator",
                "CatalogStorage", "ConcordConfig", "Sync", "ShopifyAdapter", "WooCommerceAdapter", "MagentoAdapter", "JSONValue",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "CatalogModelTests", dependencies: ["CatalogModel"], swiftSettings: swiftSettings),
        .testTarget(
            name: "HTTPClientTests",
            dependencies: ["HTTPClient", "ConcordTesting", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CatalogStorageTests", dependencies: ["CatalogStorage", "ConcordTesting", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "PostgresCatalogStorageTests",
            dependencies: ["CatalogStorage", "PostgresCatalogStorage", "PostgresClient", "CatalogModel", "ConcordTesting", "Sync"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "PostgresClientTests", dependencies: ["PostgresClient", "ConcordTesting"], swiftSettings: swiftSettings),
        .testTarget(name: "CatalogFormatsTests", dependencies: ["CatalogFormats", "ConcordTesting"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ConcordConfigTests", dependencies: ["ConcordConfig", "ConcordTesting", "Reconcile"], swiftSettings: swiftSettings),
        .testTarget(name: "ReconcileTests", dependencies: ["Reconcile", "Planning", "CatalogModel"], swiftSettings: swiftSettings),
        .testTarget(name: "JSONValueTests", dependencies: ["JSONValue"], swiftSettings: swiftSettings),
        .testTarget(name: "MessageAuthenticationTests", dependencies: ["MessageAuthentication"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SimulatorCoreTests",
            dependencies: ["SimulatorCore", "StorefrontSimulator", "HTTPClient", "ConcordTesting", "JSONValue"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ShopifySimulatorTests",
            dependencies: ["ShopifySimulator", "SimulatorCore", "HTTPClient", "ConcordTesting", "JSONValue"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "WooCommerceSimulatorTests",
            dependencies: ["WooCommerceSimulator", "SimulatorCore", "HTTPClient", "ConcordTesting", "JSONValue", "MessageAuthentication"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MagentoSimulatorTests",
            dependencies: ["MagentoSimulator", "SimulatorCore", "HTTPClient", "ConcordTesting", "JSONValue"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ShopifyAdapterTests",
            dependencies: [
                "ShopifyAdapter", "StorefrontAdapter", "HTTPClient", "CatalogModel", "JSONValue", "ConcordTesting",
                "StorefrontSimulator", "SimulatorCore", "ShopifySimulator", .product(name: "GraphQL", package: "GraphQL"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "WooCommerceAdapterTests",
            dependencies: [
                "WooCommerceAdapter", "StorefrontAdapter", "HTTPClient", "CatalogModel", "JSONValue", "ConcordTesting",
                "StorefrontSimulator", "SimulatorCore", "WooCommerceSimulator",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MagentoAdapterTests",
            dependencies: [
                "MagentoAdapter", "StorefrontAdapter", "HTTPClient", "CatalogModel", "JSONValue", "ConcordTesting",
                "StorefrontSimulator", "SimulatorCore", "MagentoSimulator",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SyncTests",
            dependencies: [
                "Sync", "CatalogStorage", "CatalogModel", "Planning", "Reconcile", "ConcordConfig", "StorefrontAdapter",
                "ShopifyAdapter", "WooCommerceAdapter", "MagentoAdapter", "HTTPClient", "ConcordTesting",
                "StorefrontSimulator", "SimulatorCore", "ShopifySimulator", "JSONValue",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AuditTests",
            dependencies: ["Audit", "CatalogStorage", "CatalogModel", "Reconcile", "Planning", "ConcordTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ReviewTerminalTests",
            dependencies: ["ReviewTerminal", "CatalogStorage", "CatalogModel", "Reconcile", "ConcordTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "WebhookReceiverTests",
            dependencies: ["WebhookReceiver", "MessageAuthentication", "HTTPClient", "CatalogModel", "JSONValue", "ConcordTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TelemetryTests",
            dependencies: ["Telemetry", "HTTPClient", "CatalogModel", "ConcordTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ConcordCLITests",
            dependencies: [
                "ConcordTesting", "CatalogStorage", "PostgresCatalogStorage", "CatalogFormats", "StorefrontSimulator", "SimulatorCore",
                "ShopifySimulator", "CatalogModel", "JSONValue", "MessageAuthentication",
            ], swiftSettings: swiftSettings),
    ]
)
