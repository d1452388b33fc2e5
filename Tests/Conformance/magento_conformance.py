#!/usr/bin/env python3
"""Checks a (simulated) Magento 2 store against Adobe's REST guide examples.

Sends plain HTTP calls shaped exactly like the examples in ../shared/fixtures/magento/examples/
(the guide pages' request bodies and queries) and checks each reply against the documented
response: the same keys with the same JSON types. Exits non-zero with a message per mismatch.

Environment:
  SIM_BASE_URL          the store's root, e.g. http://127.0.0.1:8080 (or a .../rest/default/V1 URL)
  SIM_MAGENTO_TOKEN     the integration (bearer) token
  SIM_MAGENTO_USER      admin user name for POST /V1/integration/admin/token
  SIM_MAGENTO_PASSWORD  admin password

The run writes to the store (creates MS-Champ, MS-Champ-S, new_product1/2, sources central, east
and default); running it twice against one store is fine.
"""
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = REPO_ROOT.parent / "shared" / "fixtures" / "magento" / "examples"
# The simulator has no categories; a configurable parent's weight lives on its children.
NOT_SIMULATED = {"category_links"}

failures = []


def fail(message):
    failures.append(message)
    print(f"  MISMATCH: {message}", file=sys.stderr)


def example(name):
    with open(EXAMPLES / f"{name}.json", encoding="utf-8") as handle:
        return json.load(handle)


def kind(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def shape_differences(actual, expected, path="$", ignoring=NOT_SIMULATED):
    """Paths where `actual` lacks a key of `expected` or has another JSON type there."""
    if expected is None:
        return []
    if isinstance(expected, dict) and isinstance(actual, dict):
        out = []
        for key, value in expected.items():
            if key in ignoring:
                continue
            if key not in actual:
                out.append(f"{path}.{key} missing")
            else:
                out += shape_differences(actual[key], value, f"{path}.{key}", ignoring)
        return out
    if isinstance(expected, list) and isinstance(actual, list):
        if not expected:
            return []
        out = []
        for index, item in enumerate(actual):
            model = expected[0]
            if isinstance(item, dict) and "attribute_code" in item:
                same = [e for e in expected if isinstance(e, dict) and e.get("attribute_code") == item["attribute_code"]]
                if not same:
                    continue
                model = same[0]
            out += shape_differences(item, model, f"{path}[{index}]", ignoring)
        return out
    if kind(actual) == kind(expected):
        return []
    return [f"{path}: expected {kind(expected)}, got {kind(actual)}"]


class Store:
    def __init__(self, base_url, token):
        base_url = base_url.rstrip("/")
        self.root = base_url.split("/rest")[0]
        self.api = base_url if "/rest" in base_url else base_url + "/rest/default/V1"
        self.token = token

    def call(self, method, path, body=None, query=None, token=True, base=None):
        url = (base or self.api) + "/" + path
        if query:
            url += "?" + urllib.parse.urlencode(query)
        headers = {"Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        bearer = self.token if token is True else token
        if bearer:
            headers["Authorization"] = "Bearer " + bearer
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        try:
            return status, json.loads(raw)
        except ValueError:
            return status, raw.decode("utf-8", "replace")


def expect_status(label, status, wanted, body):
    if status != wanted:
        fail(f"{label}: HTTP {status}, expected {wanted}: {str(body)[:300]}")
        return False
    return True


def expect_shape(label, actual, expected_name, ignoring=NOT_SIMULATED):
    differences = shape_differences(actual, example(expected_name), ignoring=ignoring)
    if differences:
        fail(f"{label} differs from {expected_name}.json: {differences[:8]}")


def criteria(filters=(), page_size=None, current_page=None, sort=()):
    """searchCriteria query pairs; `filters` is a list of groups, each a list of (field, value, condition)."""
    query = []
    for g, group in enumerate(filters):
        for f, (field, value, condition) in enumerate(group):
            prefix = f"searchCriteria[filter_groups][{g}][filters][{f}]"
            query += [(prefix + "[field]", field), (prefix + "[value]", value), (prefix + "[condition_type]", condition)]
    for k, (field, direction) in enumerate(sort):
        query.append((f"searchCriteria[sortOrders][{k}][field]", field))
        if direction:
            query.append((f"searchCriteria[sortOrders][{k}][direction]", direction))
    if page_size is not None:
        query.append(("searchCriteria[pageSize]", str(page_size)))
    if current_page is not None:
        query.append(("searchCriteria[currentPage]", str(current_page)))
    return query


def check_auth(store, user, password):
    print("auth: admin token, bearer tokens and 401s", file=sys.stderr)
    status, body = store.call("POST", "integration/admin/token", {"username": user, "password": password},
                              token=None, base=store.root + "/rest/V1")
    if expect_status("admin token", status, 200, body) and not isinstance(body, str):
        fail(f"admin token: expected a bare JSON string, got {kind(body)}")
    admin_token = body if isinstance(body, str) else None
    status, body = store.call("POST", "integration/admin/token", {"username": user, "password": password + "x"}, token=None)
    if expect_status("wrong admin login", status, 401, body):
        if body.get("message") != ("The account sign-in was incorrect or your account is disabled temporarily. "
                                   "Please wait and try again later."):
            fail(f"wrong admin login: unexpected message {body.get('message')!r}")
    status, body = store.call("GET", "products", query=criteria(page_size=1), token=None)
    if expect_status("no token", status, 401, body):
        if body != {"message": "The consumer isn't authorized to access %resources.",
                    "parameters": {"resources": "Magento_Catalog::products"}}:
            fail(f"no token: unexpected body {body}")
    for label, token in (("integration token", True), ("admin token", admin_token)):
        status, body = store.call("GET", "products", query=criteria(page_size=1, current_page=1), token=token)
        if expect_status(label, status, 200, body):
            for key in ("items", "search_criteria", "total_count"):
                if key not in body:
                    fail(f"{label}: product search has no {key}")


def check_paging(store):
    print("paging: total_count and the repeated last page", file=sys.stderr)
    status, first = store.call("GET", "products", query=criteria(page_size=50, current_page=1))
    if not expect_status("products page 1", status, 200, first):
        return
    total = first["total_count"]
    last_page = max(1, -(-total // 50))
    _, last = store.call("GET", "products", query=criteria(page_size=50, current_page=last_page))
    status, past = store.call("GET", "products", query=criteria(page_size=50, current_page=last_page + 3))
    if expect_status("page past the end", status, 200, past):
        if past["total_count"] != total:
            fail(f"page past the end: total_count {past['total_count']} != {total}")
        if [i["sku"] for i in past["items"]] != [i["sku"] for i in last["items"]]:
            fail("page past the end: does not repeat the last page (magento/magento2#3787)")
    echo = past.get("search_criteria", {})
    if echo.get("page_size") != 50 or echo.get("current_page") != last_page + 3:
        fail(f"search_criteria does not echo the request: {echo}")


def check_products(store):
    print("products: create-simple-products, create-configurable-product, asynchronous-web-endpoints-1", file=sys.stderr)
    for request, response, ignoring in (
        ("create-simple-products-1", "create-simple-products-2", NOT_SIMULATED),
        ("create-configurable-product-1", "create-configurable-product-2", NOT_SIMULATED | {"weight"}),
    ):
        status, body = store.call("POST", "products", example(request))
        if expect_status(request, status, 200, body):
            expect_shape(request, body, response, ignoring)
    status, body = store.call("PUT", "products/MS-Champ-S", example("asynchronous-web-endpoints-1"))
    if expect_status("PUT products/MS-Champ-S", status, 200, body):
        expect_shape("PUT products/MS-Champ-S", body, "create-simple-products-2")
        if body.get("price") != 29:
            fail(f"PUT products/MS-Champ-S: price {body.get('price')} != 29")
    status, body = store.call("GET", "products/MS-Champ-S", query=[("fields", "sku,price,name")])
    if expect_status("GET products/MS-Champ-S?fields=", status, 200, body) and sorted(body) != ["name", "price", "sku"]:
        fail(f"fields=sku,price,name returned keys {sorted(body)}")
    status, body = store.call("GET", "products/NO-SUCH-SKU-EVER")
    if expect_status("unknown SKU", status, 404, body):
        expect_shape("unknown SKU", body, "gs-web-api-response-2", ignoring={"parameters"})
    status, body = store.call("GET", "products", query=criteria([[("kensium", "1", "eq")]]))
    if expect_status("unknown attribute", status, 400, body):
        expect_shape("unknown attribute", body, "gs-web-api-response-2")
    status, body = store.call("POST", "products/base-prices", {"prices": [
        {"sku": "MS-Champ-S", "price": 27.5, "store_id": 0},
        {"sku": "NO-SUCH-SKU-EVER", "price": 1, "store_id": 0},
    ]})
    if expect_status("base-prices", status, 200, body):
        if body != [{"message": "Invalid attribute %fieldName = %fieldValue.", "parameters": ["SKU", "NO-SUCH-SKU-EVER"]}]:
            fail(f"base-prices: unexpected per-item errors {body}")


def check_inventory(store):
    print("inventory: manage-source-items-1/2/3, check-salable-quantity-1/2/3", file=sys.stderr)
    for code, name in (("default", "Default Source"), ("central", "Central Shipping Center"), ("east", "Eastern Shipping Center")):
        status, body = store.call("POST", "inventory/sources", {"source": {
            "source_code": code, "name": name, "enabled": True, "country_id": "US", "postcode": "63145"}})
        expect_status(f"create source {code}", status, 200, body)
    for sku in ("new_product1", "new_product2"):
        status, body = store.call("POST", "products", {"product": {
            "sku": sku, "name": sku, "attribute_set_id": 4, "price": 10, "type_id": "simple"}})
        expect_status(f"create {sku}", status, 200, body)
    # The guide's order: unassign from the default source, assign to central and east, search.
    status, body = store.call("POST", "inventory/source-items-delete", example("manage-source-items-1"))
    if expect_status("manage-source-items-1", status, 200, body) and body != []:
        fail(f"source-items-delete: expected [], got {body}")
    status, body = store.call("POST", "inventory/source-items", example("manage-source-items-2"))
    if expect_status("manage-source-items-2", status, 200, body) and body != []:
        fail(f"source-items: expected [], got {body}")
    status, body = store.call("GET", "inventory/source-items", query=criteria([[("sku", "new_product2", "eq")]]))
    if expect_status("source-items search", status, 200, body):
        expect_shape("source-items search", body, "manage-source-items-3")
        wanted = example("manage-source-items-3")
        if body["items"] != wanted["items"] or body["total_count"] != wanted["total_count"]:
            fail(f"source-items search: {body['items']} != {wanted['items']}")
        if body["search_criteria"] != wanted["search_criteria"]:
            fail(f"source-items search_criteria: {body['search_criteria']} != {wanted['search_criteria']}")
    status, body = store.call("POST", "inventory/source-items", {"sourceItems": [
        {"sku": "new_product1", "source_code": "nowhere", "quantity": 1, "status": 1}]})
    if expect_status("source-items unknown source", status, 400, body) and body.get("message") != "Could not save Source Item":
        fail(f"source-items unknown source: {body}")
    status, body = store.call("GET", "inventory/get-product-salable-quantity/new_product1/1")
    if expect_status("salable quantity", status, 200, body) and body != 3000:
        fail(f"salable quantity of new_product1: {body} != 3000")
    status, body = store.call("GET", "inventory/are-products-salable",
                              query=[("skus[0]", "new_product1"), ("skus[1]", "new_product2"), ("stockId", "1")])
    if expect_status("are-products-salable", status, 200, body):
        expect_shape("are-products-salable", body, "check-salable-quantity-1")
    status, body = store.call("GET", "inventory/is-product-salable-for-requested-qty/new_product1/1/30")
    if expect_status("is-product-salable-for-requested-qty", status, 200, body):
        expect_shape("is-product-salable-for-requested-qty", body, "check-salable-quantity-2")
    status, body = store.call("GET", "inventory/stock-resolver/website/base")
    if expect_status("stock-resolver", status, 200, body):
        expect_shape("stock-resolver", body, "check-salable-quantity-3")
    status, body = store.call("GET", "stockItems/new_product1")
    if expect_status("legacy stockItems", status, 200, body):
        documented = example("create-simple-products-2")["extension_attributes"]["stock_item"]
        differences = shape_differences(body, documented)
        if differences:
            fail(f"legacy stockItems differs from create-simple-products-2.json's stock_item: {differences[:8]}")


def check_orders(store):
    print("orders: performing-searches-1", file=sys.stderr)
    status, body = store.call("GET", "orders", base=store.root + "/rest/V1", query=criteria(
        [[("status", "pending", "eq")]], sort=[("increment_id", None)]) + [("fields", "items[increment_id,entity_id]")])
    if expect_status("orders search with fields", status, 200, body):
        expect_shape("orders search with fields", body, "performing-searches-1")
        if sorted(body) != ["items"]:
            fail(f"orders search with fields=items[...]: top-level keys {sorted(body)}")
        for item in body["items"]:
            if sorted(item) != ["entity_id", "increment_id"]:
                fail(f"orders search with fields: item keys {sorted(item)}")
                break


def main():
    base = os.environ.get("SIM_BASE_URL")
    token = os.environ.get("SIM_MAGENTO_TOKEN")
    user = os.environ.get("SIM_MAGENTO_USER")
    password = os.environ.get("SIM_MAGENTO_PASSWORD")
    missing = [name for name, value in (("SIM_BASE_URL", base), ("SIM_MAGENTO_TOKEN", token),
                                        ("SIM_MAGENTO_USER", user), ("SIM_MAGENTO_PASSWORD", password)) if not value]
    if missing:
        print(f"magento conformance: set {', '.join(missing)} (see the module docstring)", file=sys.stderr)
        return 2
    if not EXAMPLES.is_dir():
        print(f"magento conformance: no examples at {EXAMPLES}", file=sys.stderr)
        return 2
    store = Store(base, token)
    for check in (lambda: check_auth(store, user, password), lambda: check_paging(store), lambda: check_products(store),
                  lambda: check_inventory(store), lambda: check_orders(store)):
        try:
            check()
        except Exception as error:  # a crash in one area is a mismatch, not the end of the run
            fail(f"{type(error).__name__}: {error}")
    if failures:
        print(f"magento conformance: {len(failures)} mismatch(es)", file=sys.stderr)
        return 1
    print("magento conformance: every call matched Adobe's documented shapes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
