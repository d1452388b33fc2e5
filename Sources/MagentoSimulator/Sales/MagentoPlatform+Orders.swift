import Foundation
import JSONValue
import SimulatorCore

extension MagentoPlatform {
    /// `GET /V1/orders` with searchCriteria; by entity id unless sorted otherwise.
    func searchOrders(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        let criteria = try call.searchCriteria()
        let (orders, catalog) = call.shop.read { state in (state.allOrders.filter { $0.trashedAt == nil }, MagentoCatalog(state)) }
        let views = orders.map {
            MagentoOrder(order: $0, catalog: catalog, splitsConfigurableItems: call.options.splitsConfigurableOrderItems)
        }
        let search = SearchResults<MagentoOrder>(
            criteria: criteria, knows: MagentoOrder.fields.contains, field: { $0.field($1) }, unknownField: .internalError)
        let (page, total) = try search.run(views, options: call.options, fault: call.request.pagingFault)
        return search.json(items: page.map(\.json), total: total)
    }

    func order(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        guard let id = Int64(call.parameter("id")) else { throw MagentoError.invalidType(call.parameter("id"), expected: "int") }
        let (order, catalog) = call.shop.read { state in (state.untrashedOrder(id: id), MagentoCatalog(state)) }
        guard let order else { throw MagentoError.entityNotFound }
        return MagentoOrder(order: order, catalog: catalog, splitsConfigurableItems: call.options.splitsConfigurableOrderItems).json
    }

    // MARK: Store

    /// `GET /V1/store/storeConfigs`: the one store view, with its currency and weight unit.
    func storeConfigs(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        let currency = call.shop.read { $0.currency.code }
        let base = call.request.url.components(separatedBy: "/rest").first.map { $0 + "/" } ?? "/"
        return [
            [
                "id": 1, "code": "default", "website_id": 1, "locale": "en_US", "base_currency_code": .string(currency),
                "default_display_currency_code": .string(currency), "timezone": "UTC", "weight_unit": "kgs",
                "base_url": .string(base), "base_link_url": .string(base), "base_static_url": .string(base + "static/"),
                "base_media_url": .string(base + "media/"), "secure_base_url": .string(base), "secure_base_link_url": .string(base),
                "secure_base_static_url": .string(base + "static/"), "secure_base_media_url": .string(base + "media/"),
            ]
        ]
    }

    func websites(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        [
            ["id": 0, "code": "admin", "name": "Admin", "default_group_id": 0],
            ["id": 1, "code": "base", "name": "Main Website", "default_group_id": 1],
        ]
    }
}
