import SimulatorCore

// Placeholder until the Shopify API lands on main; removed by that merge.
public struct ShopifyPlatform: PlatformAPI {
    public struct Options: Sendable { public init() {} }
    public init(options: Options = .init()) {}
    public func respond(to request: SimRequest, shop: SimulatedShop) async -> SimResponse {
        .json(["error": "not implemented"], status: 501)
    }
    public func banner(baseURL: String, shop: SimulatedShop) -> [String] { ["Shopify at \(baseURL)"] }
}
