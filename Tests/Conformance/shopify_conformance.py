#!/usr/bin/env python3
"""Checks the Shopify simulator against Shopify's official Python client (ShopifyAPI 12.x).

Reads SIM_BASE_URL (e.g. http://127.0.0.1:PORT) and SIM_SHOPIFY_TOKEN from the environment, then
through `shopify.GraphQL().execute` runs a products page with pageInfo (and the next page), a
variant with its inventory levels, and `inventorySetQuantities` (a compare-and-set that succeeds,
then a stale one that must be refused), plus the REST `Shop.current()` the client offers.
Exits non-zero with a message naming the first mismatch.

ShopifyAPI builds the host as `<first label of the shop>.<Session.myshopify_domain>[:port]` and the
scheme from `Session.protocol`, so `127.0.0.1:PORT` is reached with shop "127", domain "0.0.1".
"""
import json
import os
import sys
import urllib.parse

import shopify

API_VERSION = "2025-07"


class Mismatch(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Mismatch(message)


def execute(client, query, variables=None):
    text = client.execute(query, variables)
    body = json.loads(text)
    check("errors" not in body, f"GraphQL errors: {body.get('errors')}")
    cost = body.get("extensions", {}).get("cost", {})
    check(isinstance(cost.get("requestedQueryCost"), int), f"no extensions.cost.requestedQueryCost in {body.get('extensions')}")
    check("throttleStatus" in cost, "no extensions.cost.throttleStatus")
    return body["data"]


def session_for(base_url, token):
    parsed = urllib.parse.urlparse(base_url)
    check(parsed.hostname is not None, f"SIM_BASE_URL {base_url!r} has no host")
    host = parsed.hostname
    first, _, rest = host.partition(".")
    shopify.Session.protocol = parsed.scheme or "http"
    shopify.Session.myshopify_domain = rest or host
    shopify.Session.port = parsed.port
    return shopify.Session(first if rest else host, API_VERSION, token)


def products_page(client):
    query = """
    query Products($after: String) {
      products(first: 5, after: $after) {
        edges { cursor node { id title handle status updatedAt variants(first: 10) { nodes { id sku price } } } }
        pageInfo { hasNextPage hasPreviousPage endCursor }
      }
    }"""
    first = execute(client, query)["products"]
    edges = first["edges"]
    check(len(edges) == 5, f"expected 5 products on the first page, got {len(edges)}")
    for edge in edges:
        node = edge["node"]
        check(node["id"].startswith("gid://shopify/Product/"), f"bad product id {node['id']}")
        check(node["status"] in ("ACTIVE", "ARCHIVED", "DRAFT"), f"bad status {node['status']}")
        check(isinstance(edge["cursor"], str) and edge["cursor"], "edge without a cursor")
        for variant in node["variants"]["nodes"]:
            check(isinstance(variant["price"], str) and "." in variant["price"], f"price is not a decimal string: {variant['price']!r}")
    info = first["pageInfo"]
    check(info["hasNextPage"] is True, "hasNextPage should be true on the first of several pages")
    check(info["hasPreviousPage"] is False, "hasPreviousPage should be false on the first page")
    check(info["endCursor"] == edges[-1]["cursor"], "endCursor is not the last edge's cursor")
    second = execute(client, query, {"after": info["endCursor"]})["products"]
    first_ids = {e["node"]["id"] for e in edges}
    second_ids = [e["node"]["id"] for e in second["edges"]]
    check(second_ids and not first_ids.intersection(second_ids), "the second page repeats the first")
    check(second["pageInfo"]["hasPreviousPage"] is True, "hasPreviousPage should be true on the second page")
    return edges[0]["node"]


def variant_inventory(client, product):
    variant_id = product["variants"]["nodes"][0]["id"]
    query = """
    query Variant($id: ID!) {
      productVariant(id: $id) {
        id sku inventoryQuantity product { id }
        inventoryItem { id tracked inventoryLevels(first: 10) { nodes { id location { id name }
          quantities(names: ["available", "on_hand", "committed"]) { name quantity } } } }
      }
    }"""
    variant = execute(client, query, {"id": variant_id})["productVariant"]
    check(variant["id"] == variant_id, "productVariant returned another variant")
    check(variant["product"]["id"] == product["id"], "variant.product.id is not its product")
    levels = variant["inventoryItem"]["inventoryLevels"]["nodes"]
    check(levels, "the variant has no inventory levels")
    total = 0
    for level in levels:
        quantities = {q["name"]: q["quantity"] for q in level["quantities"]}
        check(set(quantities) == {"available", "on_hand", "committed"}, f"quantities {quantities}")
        check(quantities["on_hand"] == quantities["available"] + quantities["committed"], f"on_hand != available + committed: {quantities}")
        check(level["location"]["id"].startswith("gid://shopify/Location/"), "bad location id")
        total += quantities["available"]
    check(variant["inventoryQuantity"] == total, f"inventoryQuantity {variant['inventoryQuantity']} != sum of available {total}")
    return variant, levels[0]


def set_quantities(client, variant, level):
    mutation = """
    mutation Set($input: InventorySetQuantitiesInput!) {
      inventorySetQuantities(input: $input) {
        inventoryAdjustmentGroup { reason changes { name delta quantityAfterChange } }
        userErrors { field message code }
      }
    }"""
    available = next(q["quantity"] for q in level["quantities"] if q["name"] == "available")

    def attempt(quantity, compare):
        return execute(client, mutation, {"input": {
            "name": "available", "reason": "correction", "referenceDocumentUri": "concord://conformance",
            "quantities": [{"inventoryItemId": variant["inventoryItem"]["id"], "locationId": level["location"]["id"],
                            "quantity": quantity, "compareQuantity": compare}],
        }})["inventorySetQuantities"]

    done = attempt(available + 3, available)
    check(done["userErrors"] == [], f"inventorySetQuantities refused a fresh compareQuantity: {done['userErrors']}")
    changes = {c["name"]: c for c in done["inventoryAdjustmentGroup"]["changes"]}
    check(changes["available"]["delta"] == 3, f"expected delta 3, got {changes['available']}")
    check(changes["available"]["quantityAfterChange"] == available + 3, "quantityAfterChange is wrong")

    stale = attempt(available + 10, available)
    check(stale["inventoryAdjustmentGroup"] is None, "a stale compareQuantity still wrote")
    codes = [e["code"] for e in stale["userErrors"]]
    check(codes == ["COMPARE_QUANTITY_STALE"], f"expected COMPARE_QUANTITY_STALE, got {codes}")
    check(stale["userErrors"][0]["field"] == ["input", "quantities", "0", "compareQuantity"], f"field {stale['userErrors'][0]['field']}")


def main():
    base_url = os.environ.get("SIM_BASE_URL")
    token = os.environ.get("SIM_SHOPIFY_TOKEN")
    if not base_url or not token:
        print("shopify conformance: set SIM_BASE_URL and SIM_SHOPIFY_TOKEN", file=sys.stderr)
        return 2
    session = session_for(base_url, token)
    shopify.ShopifyResource.activate_session(session)
    try:
        client = shopify.GraphQL()
        check(client.endpoint.startswith(base_url.rstrip("/") + "/admin/api/"), f"client posts to {client.endpoint}, not the simulator")
        product = products_page(client)
        variant, level = variant_inventory(client, product)
        set_quantities(client, variant, level)
        shop = shopify.Shop.current()
        check(bool(shop.name), "Shop.current() has no name")
        check(len(shop.currency) == 3, f"Shop.current().currency {shop.currency!r}")
    except Mismatch as mismatch:
        print(f"shopify conformance: MISMATCH: {mismatch}", file=sys.stderr)
        return 1
    except Exception as error:  # the client raises on HTTP errors; report them plainly
        print(f"shopify conformance: the official client failed: {error!r}", file=sys.stderr)
        return 1
    finally:
        shopify.ShopifyResource.clear_session()
    print("shopify conformance: ShopifyAPI agrees with the simulator")
    return 0


if __name__ == "__main__":
    sys.exit(main())
