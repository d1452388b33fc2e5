import Foundation
import JSONValue

/// The server's own state beside the shop's: fault rules and their dice, the request log and
/// counters, the live activity and what it did, and the optional request-rate bucket.
struct ControlState: Sendable {
    struct ArmedRule: Sendable {
        var rule: FaultRule
        var matched = 0
        var fired = 0
    }

    struct Decision {
        var fault: FaultRule?
        var rateLimitedFor: Int?
        /// The live activity changed the store before this request (an order, an edit).
        var activityChangedState = false
    }

    var rules: [ArmedRule] = []
    var faultRandom: SeededGenerator
    var log: [RequestLogEntry] = []
    var nextSequence = 1
    var counters = RequestCounters()
    var activitySettings: ActivitySettings
    var activity: LiveActivity
    var events: [ActivityEvent] = []
    var apiRequests = 0
    var requestLimit: LeakyBucket?
    /// Tasks waiting for a request to arrive (tests acting "between pages").
    var arrivalWaiters: [(predicate: @Sendable (RequestLogEntry) -> Bool, continuation: CheckedContinuation<RequestLogEntry, Never>)] = []
    /// Webhook deliveries tried so far (`GET /_sim/webhooks`), oldest first.
    var webhookAttempts: [WebhookAttempt] = []

    init(options: ServerOptions) {
        faultRandom = SeededGenerator.derived(from: options.seed, purpose: "faults")
        activitySettings = options.activity
        activity = LiveActivity(seed: options.seed)
        requestLimit = options.requestLimit
        setFaults(options.faults)
    }

    mutating func setFaults(_ newRules: [FaultRule]) {
        rules = newRules.map { ArmedRule(rule: $0) }
    }

    mutating func clearLog() {
        log.removeAll()
        counters = RequestCounters()
    }

    /// Runs the live activity due at this request, then decides whether it gets a fault.
    mutating func beforeRequest(method: String, path: String, document: String?, shop: SimulatedShop, now: Date) -> Decision {
        apiRequests += 1
        var decision = Decision()
        let platform = shop.platform
        let due: [(every: Int?, act: (inout LiveActivity, inout ShopState, Int) -> ActivityEvent?)] = [
            (activitySettings.orderEveryRequests, { $0.placeOrder(in: &$1, now: now, sequence: $2) }),
            (activitySettings.editEveryRequests, { $0.editListing(in: &$1, now: now, sequence: $2) }),
            (activitySettings.shipEveryRequests, { $0.shipOrder(in: &$1, now: now, sequence: $2) }),
            (activitySettings.cancelEveryRequests, { $0.cancelOrder(in: &$1, platform: platform, now: now, sequence: $2) }),
        ]
        for (every, act) in due {
            guard let every, every > 0, apiRequests % every == 0 else { continue }
            let sequence = events.count + 1
            if let event = shop.mutate({ act(&activity, &$0, sequence) }) {
                events.append(event)
                decision.activityChangedState = true
            }
        }

        if requestLimit != nil {
            let (granted, retryAfter) = requestLimit!.take(1, now: now)
            if !granted { decision.rateLimitedFor = retryAfter }
        }
        for index in rules.indices where rules[index].rule.matches(method: method, path: path, graphQLDocument: document) {
            rules[index].matched += 1
            let armed = rules[index]
            if let times = armed.rule.times, armed.fired >= times { continue }
            let fires: Bool
            if let positions = armed.rule.onRequests {
                fires = positions.contains(armed.matched)
            } else if let probability = armed.rule.probability {
                fires = faultRandom.chance(probability)
            } else {
                fires = true
            }
            if fires {
                rules[index].fired += 1
                decision.fault = armed.rule
                break
            }
        }
        return decision
    }

    /// Logs a served request; returns the waiters it satisfies, to be resumed outside the lock.
    mutating func record(_ entry: RequestLogEntry, isWrite: Bool) -> [(CheckedContinuation<RequestLogEntry, Never>, RequestLogEntry)] {
        var entry = entry
        entry.sequence = nextSequence
        nextSequence += 1
        log.append(entry)
        counters.record(entry, isWrite: isWrite)
        var satisfied: [(CheckedContinuation<RequestLogEntry, Never>, RequestLogEntry)] = []
        arrivalWaiters.removeAll { waiter in
            guard waiter.predicate(entry) else { return false }
            satisfied.append((waiter.continuation, entry))
            return true
        }
        return satisfied
    }
}

extension SimulatorServer {
    /// `/_sim/...`: the log, counters, state, manifest, faults, activity and resets.
    func respondToControl(_ request: SimRequest) async -> SimResponse {
        let route = request.path.dropFirst("/_sim".count)
        switch (request.method, route) {
        case ("GET", "/log"):
            let since = request.queryValue("since").flatMap(Int.init) ?? 0
            let entries = control.withLock { $0.log.filter { $0.sequence > since } }
            return .json(.array(entries.map(\.json)))
        case ("DELETE", "/log"):
            clearLog()
            return .json(["cleared": true])
        case ("GET", "/counters"):
            return .json(control.withLock { $0.counters.json })
        case ("GET", "/state"):
            return SimResponse(status: 200, headers: [("Content-Type", "application/json")], body: Self.encodeState(shop.snapshot))
        case ("GET", "/manifest"):
            return SimResponse(status: 200, headers: [("Content-Type", "application/json")], body: Self.encodeState(shop.manifest))
        case ("GET", "/faults"):
            return .json(
                .array(
                    control.withLock {
                        $0.rules.map { armed in
                            var json = armed.rule.json
                            if case .object(var object) = json {
                                object["matched"] = .int(armed.matched)
                                object["fired"] = .int(armed.fired)
                                json = .object(object)
                            }
                            return json
                        }
                    }))
        case ("POST", "/faults"), ("PUT", "/faults"):
            do {
                guard let body = try request.jsonBody() else { return .json(["error": "send a JSON array of fault rules"], status: 400) }
                let list = body.arrayValue ?? [body]
                var rules: [FaultRule] = []
                for (index, item) in list.enumerated() {
                    do throws(FaultRuleError) {
                        rules.append(try FaultRule(json: item))
                    } catch {
                        return .json(["error": .string("fault rule \(index + 1): \(error.description)")], status: 400)
                    }
                }
                // POST adds to the rules in force; PUT replaces them.
                if request.method == "PUT" {
                    setFaults(rules)
                } else {
                    control.withLock { $0.rules += rules.map { ControlState.ArmedRule(rule: $0) } }
                }
                return .json(["faults": .int(control.withLock { $0.rules.count })])
            } catch {
                return .json(["error": .string("body is not JSON: \(error.description)")], status: 400)
            }
        case ("DELETE", "/faults"):
            setFaults([])
            return .json(["faults": 0])
        case ("GET", "/activity"):
            let (settings, events) = control.withLock { ($0.activitySettings, $0.events) }
            return .json(["settings": settings.json, "events": .array(events.map(\.json))])
        case ("POST", "/activity"):
            guard let body = try? request.jsonBody(), body.objectValue != nil else {
                return .json(
                    [
                        "error":
                            "send {\"order_every_requests\": N, \"edit_every_requests\": M, \"ship_every_requests\": S, \"cancel_every_requests\": C}"
                    ], status: 400)
            }
            setActivity(
                ActivitySettings(
                    orderEveryRequests: body["order_every_requests"]?.intValue, editEveryRequests: body["edit_every_requests"]?.intValue,
                    shipEveryRequests: body["ship_every_requests"]?.intValue, cancelEveryRequests: body["cancel_every_requests"]?.intValue))
            return .json(control.withLock { $0.activitySettings.json })
        case ("POST", "/orders"), ("POST", "/edits"):
            return adminAction(request)
        case ("POST", _) where route.hasPrefix("/orders/"):
            return orderAction(request, route: route.dropFirst("/orders/".count))
        case ("GET", "/webhooks"):
            let since = request.queryValue("since").flatMap(Int.init) ?? 0
            return .json(.array(control.withLock { $0.webhookAttempts.filter { $0.sequence > since }.map(\.json) }))
        case ("POST", "/reset"):
            // ?what=log|state|all (default all): back to the seeded store, an empty log, no faults.
            let what = request.queryValue("what") ?? "all"
            if what == "state" || what == "all" {
                shop.reset()
                notifyStateChange(.reset)
            }
            if what == "log" || what == "all" { clearLog() }
            if what == "all" {
                control.withLock { state in
                    state.setFaults([])
                    state.events.removeAll()
                    state.apiRequests = 0
                }
            }
            return .json(["reset": .string(what)])
        case ("GET", "/health"), ("GET", ""), ("GET", "/"):
            return .json([
                "platform": .string(shop.platform.rawValue), "store": .string(shop.snapshot.name),
                "products": .int(shop.read { $0.productIDs.count }), "base_url": .string(baseURL),
            ])
        default:
            return .json(
                [
                    "error": .string("no such simulator endpoint: \(request.method) \(request.path)"),
                    "endpoints": [
                        "GET /_sim/log", "DELETE /_sim/log", "GET /_sim/counters", "GET /_sim/state", "GET /_sim/manifest",
                        "GET|POST|PUT|DELETE /_sim/faults", "GET|POST /_sim/activity", "POST /_sim/orders",
                        "POST /_sim/orders/{id}/ship|cancel|refund|trash", "POST /_sim/edits", "GET /_sim/webhooks",
                        "POST /_sim/reset?what=log|state|all", "GET /_sim/health",
                    ],
                ],
                status: 404)
        }
    }

    /// `POST /_sim/orders {"sku", "quantity", "location"?, "paid"?}`: a shopper's order (answer:
    /// the event, with `order_id` and `line_ids`);
    /// `POST /_sim/edits {"sku", "field": "title"|"price"|"stock@CODE", "value"}`: an admin edit.
    /// Both are recorded as activity events and announced by webhook like the live activity's.
    func adminAction(_ request: SimRequest) -> SimResponse {
        guard let body = try? request.jsonBody(), let sku = body["sku"]?.stringValue else {
            return .json(
                [
                    "error": .string(
                        request.path.hasSuffix("/orders")
                            ? "send {\"sku\": \"TEE-1\", \"quantity\": 2, \"location\": \"main\", \"paid\": true} (location and paid optional)"
                            : "send {\"sku\": \"TEE-1\", \"field\": \"title|price|stock@main\", \"value\": \"...\"}")
                ], status: 400)
        }
        let now = shop.now
        let result = control.withLock { state -> Result<ActivityEvent, ActivityRequestError> in
            let sequence = state.events.count + 1
            let made = shop.mutate { shopState -> Result<ActivityEvent, ActivityRequestError> in
                do throws(ActivityRequestError) {
                    if request.path.hasSuffix("/orders") {
                        // An unpaid WooCommerce order is `pending`, which reduces no stock.
                        let paid = body["paid"]?.boolValue ?? true
                        return .success(
                            try state.activity.placeOrder(
                                sku: sku, quantity: body["quantity"]?.intValue ?? 1, locationCode: body["location"]?.stringValue,
                                paid: paid,
                                reducesStock: paid || shop.platform != .woocommerce, in: &shopState, now: now, sequence: sequence))
                    }
                    guard let field = body["field"]?.stringValue,
                        let value = body["value"]?.stringValue ?? body["value"]?.intValue.map({ String($0) })
                    else {
                        throw ActivityRequestError(message: "send a field (title, price or stock@CODE) and a value")
                    }
                    return .success(
                        try state.activity.edit(sku: sku, field: field, value: value, in: &shopState, now: now, sequence: sequence))
                } catch {
                    return .failure(error)
                }
            }
            if case .success(let event) = made { state.events.append(event) }
            return made
        }
        switch result {
        case .success(let event):
            notifyStateChange(.changed)
            return .json(event.json, status: 201)
        case .failure(let error):
            return .json(["error": .string(error.message)], status: 422)
        }
    }

    static func encodeState(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return (try? Array(encoder.encode(value))) ?? Array("{}".utf8)
    }
}
