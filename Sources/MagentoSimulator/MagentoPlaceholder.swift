import SimulatorCore

// Placeholder until the Magento API lands on main; removed by that merge.
public struct MagentoPlatform: PlatformAPI {
    public struct Options: Sendable { public init() {} }
    public init(options: Options = .init()) {}
    public func respond(to request: SimRequest, shop: SimulatedShop) async -> SimResponse {
        .json(["error": "not implemented"], status: 501)
    }
    public func banner(baseURL: String, shop: SimulatedShop) -> [String] { ["Magento at \(baseURL)"] }
}
