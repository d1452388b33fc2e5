#!/usr/bin/env python3
"""Checks the simulated WooCommerce store with the official `woocommerce` Python client.

For an http:// URL that client signs every request with one-legged OAuth 1.0a (HMAC-SHA256), so
this also proves the simulator verifies signatures the way WooCommerce does.

Environment:
  SIM_BASE_URL    the store's root, http://127.0.0.1:PORT (a trailing /wp-json/wc/v3 is accepted)
  SIM_WOO_KEY     consumer key (ck_...)
  SIM_WOO_SECRET  consumer secret (cs_...)

Needs a store with at least 10 products and one variable product (concord-sim serve --products 120).
Exits 0 when everything agrees, 1 with a message naming the first mismatch otherwise.
"""

import json
import math
import os
import sys
from datetime import datetime, timedelta
from pathlib import Path

from woocommerce import API


class Mismatch(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Mismatch(message)


def env(name):
    value = os.environ.get(name, "").strip()
    if not value:
        print(f"woocommerce conformance: set {name} (see the docstring of {Path(__file__).name})", file=sys.stderr)
        sys.exit(2)
    return value


base_url = env("SIM_BASE_URL").rstrip("/")
for suffix in ("/wp-json/wc/v3", "/wp-json"):
    if base_url.endswith(suffix):
        base_url = base_url[: -len(suffix)]
key, secret = env("SIM_WOO_KEY"), env("SIM_WOO_SECRET")

wcapi = API(url=base_url, consumer_key=key, consumer_secret=secret, version="wc/v3", timeout=30)


def ok(response, what, status=200):
    body = response.text[:300]
    check(response.status_code == status, f"{what}: HTTP {response.status_code}, expected {status}: {body}")
    try:
        return response.json()
    except ValueError:
        raise Mismatch(f"{what}: the body is not JSON: {body}")


# Types every WooCommerce client relies on (from the REST API reference); None = null allowed.
PRODUCT_TYPES = {
    "id": int, "name": str, "slug": str, "type": str, "status": str, "sku": str, "price": str,
    "regular_price": str, "sale_price": str, "on_sale": bool, "manage_stock": bool,
    "stock_quantity": (int, type(None)), "stock_status": str, "date_created": str, "date_created_gmt": str,
    "date_modified": str, "date_modified_gmt": str, "images": list, "attributes": list, "variations": list,
    "categories": list, "_links": dict,
}
VARIATION_TYPES = {
    "id": int, "sku": str, "price": str, "regular_price": str, "sale_price": str, "manage_stock": bool,
    "stock_quantity": (int, type(None)), "stock_status": str, "attributes": list, "date_modified_gmt": str,
}
ORDER_TYPES = {
    "id": int, "number": str, "status": str, "currency": str, "total": str, "line_items": list,
    "billing": dict, "shipping": dict, "date_created_gmt": str, "date_modified_gmt": str,
}


def fixture_keys(name):
    """The keys of a reference example when ../shared/fixtures is beside the checkout, else None."""
    root = Path(__file__).resolve().parents[2]
    path = root.parent / "shared" / "fixtures" / "woocommerce" / name
    if not path.exists():
        return None
    value = json.loads(path.read_text())
    return set(value[0] if isinstance(value, list) else value)


PRODUCT_KEYS = fixture_keys("products--retrieve-a-product.json")
VARIATION_KEYS = fixture_keys("product-variations--retrieve-a-product-variation.json")
ORDER_KEYS = fixture_keys("orders--retrieve-an-order.json")
# WooCommerce 9.2 added global_unique_id after the reference examples were written.
NEWER_KEYS = {"global_unique_id"}


def check_shape(item, types, keys, what):
    check(isinstance(item, dict), f"{what}: not a JSON object")
    for name, kind in types.items():
        check(name in item, f"{what}: no '{name}'")
        value = item[name]
        # bool is an int in Python: keep them apart.
        check(isinstance(value, kind) and not (kind is int and isinstance(value, bool)),
              f"{what}: '{name}' is {type(value).__name__} ({value!r}), expected {kind}")
    if keys is not None:
        missing = keys - set(item)
        extra = set(item) - keys - NEWER_KEYS
        check(not missing, f"{what}: keys of the reference example missing: {sorted(missing)}")
        check(not extra, f"{what}: keys the reference example does not have: {sorted(extra)}")
    for price in ("price", "regular_price", "sale_price"):
        if price in item and item[price] != "":
            float(item[price])  # a decimal string; raises (and fails the run) otherwise


def links(response):
    return {rel: link["url"] for rel, link in response.links.items()}


def run():
    # 1. Two pages of products, with WordPress's paging headers.
    first = wcapi.get("products", params={"per_page": 5, "page": 1, "orderby": "id", "order": "asc"})
    page1 = ok(first, "GET products page 1")
    total = int(first.headers.get("X-WP-Total", "-1"))
    pages = int(first.headers.get("X-WP-TotalPages", "-1"))
    check(total >= 10, f"X-WP-Total is {total}; the store needs at least 10 products")
    check(pages == math.ceil(total / 5), f"X-WP-TotalPages is {pages} for {total} products at 5 a page")
    check(len(page1) == 5, f"page 1 holds {len(page1)} products, expected 5")
    check("next" in links(first) and "prev" not in links(first), f"page 1 Link header: {first.headers.get('Link')}")
    check("page=2" in links(first)["next"], f"page 1's next link does not ask for page 2: {links(first)['next']}")
    second = wcapi.get("products", params={"per_page": 5, "page": 2, "orderby": "id", "order": "asc"})
    page2 = ok(second, "GET products page 2")
    check("prev" in links(second), f"page 2 has no prev link: {second.headers.get('Link')}")
    ids1, ids2 = [p["id"] for p in page1], [p["id"] for p in page2]
    check(not set(ids1) & set(ids2), f"pages 1 and 2 overlap: {ids1} / {ids2}")
    check(ids1 + ids2 == sorted(ids1 + ids2), f"orderby=id&order=asc is not ascending: {ids1 + ids2}")
    for product in page1 + page2:
        check_shape(product, PRODUCT_TYPES, PRODUCT_KEYS, f"product {product.get('id')}")

    too_many = wcapi.get("products", params={"per_page": 101})
    error = ok(too_many, "GET products per_page=101", status=400)
    check(error.get("code") == "rest_invalid_param", f"per_page=101 answered {error}")

    # 2. Create a simple product and read it back.
    created = ok(wcapi.post("products", {
        "name": "Conformance Tee", "type": "simple", "sku": f"CONFORMANCE-TEE-{os.getpid()}", "regular_price": "21.99",
        "sale_price": "17.50", "manage_stock": True, "stock_quantity": 5,
        "images": [{"src": "https://cdn.example.com/conformance-tee.jpg"}],
    }), "POST products", status=201)
    check_shape(created, PRODUCT_TYPES, PRODUCT_KEYS, "created product")
    check(created["type"] == "simple", f"created product type is {created['type']}")
    check((created["regular_price"], created["sale_price"], created["price"]) == ("21.99", "17.50", "17.50"),
          f"created product prices: {created['regular_price']}/{created['sale_price']}/{created['price']}")
    check(created["stock_quantity"] == 5 and created["on_sale"] is True, f"created product stock/sale: {created}")
    fetched = ok(wcapi.get(f"products/{created['id']}"), "GET the created product")
    check(fetched == created, "the created product reads back differently")

    # 3. Batch-update products: one good update, one unknown id reported in place.
    batch = ok(wcapi.post("products/batch", {
        "update": [{"id": created["id"], "regular_price": "25.00", "sale_price": ""},
                   {"id": ids1[0], "name": "Renamed by conformance"},
                   {"id": 987654321, "name": "Nobody"}],
    }), "POST products/batch")
    updates = batch.get("update", [])
    check(len(updates) == 3, f"batch answered {len(updates)} updates, expected 3")
    check(updates[0].get("price") == "25.00" and updates[0].get("on_sale") is False, f"batch update 1: {updates[0]}")
    check(updates[1].get("name") == "Renamed by conformance", f"batch update 2: {updates[1]}")
    check(updates[2].get("id") == 987654321 and updates[2].get("error", {}).get("code") == "woocommerce_rest_product_invalid_id",
          f"batch update 3 should be a per-item error: {updates[2]}")
    for item in updates[:2]:
        check_shape(item, PRODUCT_TYPES, PRODUCT_KEYS, f"batch-updated product {item.get('id')}")
    too_large = wcapi.post("products/batch", {"update": [{"id": created["id"]}] * 101})
    error = ok(too_large, "POST products/batch with 101 objects", status=413)
    check(error.get("code") == "woocommerce_rest_request_entity_too_large", f"101 objects answered {error}")

    # 4. Incremental read: what changed after a moment includes what the batch just changed.
    # WordPress compares whole seconds and strictly: ask from one second before the creation.
    since = (datetime.fromisoformat(fetched["date_modified_gmt"]) - timedelta(seconds=1)).isoformat()
    changed = ok(wcapi.get("products", params={"modified_after": since, "dates_are_gmt": "true", "per_page": 100}),
                 "GET products modified_after")
    check(created["id"] in [p["id"] for p in changed], f"modified_after={since} misses the product updated after it")

    # 5. Variations of a variable product.
    variable = ok(wcapi.get("products", params={"type": "variable", "per_page": 1}), "GET variable products")
    check(variable, "the store has no variable product")
    variations = ok(wcapi.get(f"products/{variable[0]['id']}/variations"), "GET variations")
    check(len(variations) == len(variable[0]["variations"]) or len(variations) == 10,
          f"{len(variations)} variations listed, the product names {len(variable[0]['variations'])}")
    for variation in variations:
        check_shape(variation, VARIATION_TYPES, VARIATION_KEYS, f"variation {variation.get('id')}")

    # 6. An order: it carries the shopper in billing/shipping, as real WooCommerce orders do.
    order = ok(wcapi.post("orders", {
        "set_paid": True, "billing": {"first_name": "Ada", "last_name": "Meyer", "email": "ada@example.com"},
        "line_items": [{"product_id": created["id"], "quantity": 2}],
    }), "POST orders", status=201)
    check_shape(order, ORDER_TYPES, ORDER_KEYS, "created order")
    check(order["status"] == "processing" and order["total"] == "50.00", f"order status/total: {order['status']} {order['total']}")
    after = ok(wcapi.get(f"products/{created['id']}"), "GET the product after the order")
    check(after["stock_quantity"] == 3, f"stock after selling 2 of 5 is {after['stock_quantity']}")

    # 7. A wrong secret signs wrongly: 401 woocommerce_rest_authentication_error.
    wrong = API(url=base_url, consumer_key=key, consumer_secret=secret + "x", version="wc/v3", timeout=30)
    refused = ok(wrong.get("products"), "GET products with a wrong secret", status=401)
    check(refused.get("code") == "woocommerce_rest_authentication_error", f"a wrong signature answered {refused}")

    print(f"woocommerce conformance: ok ({total} products, OAuth 1.0a signatures, paging, create, batch, variations, orders)")


if __name__ == "__main__":
    try:
        run()
    except Mismatch as mismatch:
        print(f"woocommerce conformance: MISMATCH: {mismatch}", file=sys.stderr)
        sys.exit(1)
    except Exception as error:  # a client error or a body that is not what WooCommerce sends
        print(f"woocommerce conformance: FAILED: {type(error).__name__}: {error}", file=sys.stderr)
        sys.exit(1)
