#!/usr/bin/env bash
# Renders an HTML audit of simulated stores to PNG in headless Chromium and checks that the
# picture is not blank: the visual check of `concord audit --format html` (make audit-screenshot).
#
# Starts a simulated Shopify and WooCommerce store (concord-sim, seeded with drift and listing
# errors), imports their catalog into a scratch database, adds a fixed set of orders as order
# ingestion stores them, runs one online audit and two offline ones (for the trend) and renders the last.
# Installs Debian's chromium with apt-get only when it is missing. Not part of `make test`.
#
#   scripts/audit-screenshot.sh [OUTPUT_DIR]     (default .build/audit-screenshot)
set -euo pipefail
cd "$(dirname "$0")/.."
out_dir=${1:-.build/audit-screenshot}
mkdir -p "$out_dir"
out_dir=$(cd "$out_dir" && pwd)
work=$(mktemp -d)
sim_pid=""
cleanup() {
    if [ -n "$sim_pid" ]; then kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

if ! command -v chromium >/dev/null 2>&1; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    echo "audit-screenshot: installing chromium (apt-get)" >&2
    $sudo apt-get update
    $sudo apt-get install -y chromium
fi

swift build >&2
bin=$(swift build --show-bin-path)

products=${AUDIT_SCREENSHOT_PRODUCTS:-80}
"$bin/concord-sim" catalog --seed 42 --products "$products" -o "$work/catalog.jsonl" >&2
"$bin/concord-sim" serve --platform shopify --platform woocommerce --seed 42 --products "$products" \
    --drift stock=0.04,price=0.02,title=0.01 --listing-errors 0.03 --ready-file "$work/stores.json" >"$work/sim.log" 2>&1 &
sim_pid=$!
for _ in $(seq 1 100); do
    [ -s "$work/stores.json" ] && break
    sleep 0.2
done
[ -s "$work/stores.json" ] || { echo "audit-screenshot: the simulator did not start:" >&2; cat "$work/sim.log" >&2; exit 1; }

# concord.toml and the credentials' environment from the simulator's ready file.
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
stores = json.load(open(f"{work}/stores.json"))
toml = ['[catalog]', 'currency = "EUR"', f'database = "{work}/catalog.sqlite"', '']
env = []
for store in stores:
    if store["platform"] == "shopify":
        toml += ['[stores.shop-main]', 'platform = "shopify"', f'url = "{store["base_url"]}"', 'token_env = "SHOP_TOKEN"', '']
        env.append(f'export SHOP_TOKEN={store["access_token"]}')
    elif store["platform"] == "woocommerce":
        toml += ['[stores.woo-eu]', 'platform = "woocommerce"', f'url = "{store["base_url"]}"',
                 'key_env = "WOO_KEY"', 'secret_env = "WOO_SECRET"', '', '[stores.woo-eu.locations]', 'default = "main"', '']
        env.append(f'export WOO_KEY={store["consumer_key"]}')
        env.append(f'export WOO_SECRET={store["consumer_secret"]}')
open(f"{work}/concord.toml", "w").write("\n".join(toml))
open(f"{work}/env.sh", "w").write("\n".join(env) + "\n")
PY
# shellcheck disable=SC1091
. "$work/env.sh"
export CONCORD_CONFIG="$work/concord.toml"
concord() { "$bin/concord" "$@"; }
concord catalog import "$work/catalog.jsonl" >&2

# A fixed month of orders (no customer data), stored as order ingestion stores them.
python3 - "$work" <<'PY'
import random, sqlite3, sys, datetime
work = sys.argv[1]
db = sqlite3.connect(f"{work}/catalog.sqlite")
skus = [row[0] for row in db.execute("SELECT sku FROM variant ORDER BY sku LIMIT 60")]
rng = random.Random(42)
start = datetime.datetime(2025, 3, 1, tzinfo=datetime.timezone.utc).timestamp()
for number in range(1, 241):
    store = "shop-main" if number % 3 else "woo-eu"
    created = start + rng.uniform(0, 30 * 86400)
    cancelled = created + 3600 if rng.random() < 0.04 else None
    hours = rng.choice([rng.uniform(2, 24), rng.uniform(12, 48), rng.uniform(30, 80), rng.uniform(60, 150)])
    shipped = None if cancelled or rng.random() < 0.08 else created + hours * 3600
    db.execute("INSERT INTO store_order VALUES (?,?,?,?,?,?,?,?,?,?,?)", (
        store, f"O{number}", f"#{1000 + number}", created, created, cancelled, shipped, shipped,
        "voided" if cancelled else "paid", "fulfilled" if shipped else "unfulfilled", shipped or created))
    for line in range(rng.choice([1, 1, 2, 3])):
        quantity = rng.choice([1, 1, 2, 3])
        refunded = quantity if rng.random() < 0.05 else 0
        db.execute("INSERT INTO order_line VALUES (?,?,?,?,?,?,?,?)", (
            store, f"O{number}", str(line + 1), rng.choice(skus), quantity, quantity if shipped else 0, refunded,
            quantity if cancelled else 0))
db.commit()
PY

# One online audit reads the stores (the simulator paces Shopify by its cost bucket, so this is the
# slow step) and saves their snapshots; two offline audits then add trend points without requests.
echo "audit-screenshot: reading the stores" >&2
concord audit --format json >/dev/null || [ $? -eq 4 ]
concord audit --offline --format json >/dev/null || [ $? -eq 4 ]
concord audit --offline --since 2025-03-01 --until 2025-03-31 --format html --out "$out_dir/audit.html" >&2

chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --screenshot="$out_dir/audit.png" --window-size=1200,2000 "file://$out_dir/audit.html" >"$work/chromium.log" 2>&1 \
    || { cat "$work/chromium.log" >&2; exit 1; }

# The PNG must be a real picture of the page: the right size, and far from one flat colour.
python3 - "$out_dir/audit.png" <<'PY'
import struct, sys, zlib
path = sys.argv[1]
data = open(path, "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit(f"{path}: not a PNG")
width, height = struct.unpack(">II", data[16:24])
idat, offset = b"", 8
while offset < len(data):
    length, kind = struct.unpack(">I4s", data[offset:offset + 8])
    if kind == b"IDAT":
        idat += data[offset + 8:offset + 8 + length]
    offset += 12 + length
raw = zlib.decompress(idat)
distinct = len(set(raw[::7]))
if (width, height) != (1200, 2000) or len(data) < 40_000 or distinct < 40:
    sys.exit(f"{path}: looks blank ({width}x{height}, {len(data)} bytes, {distinct} distinct byte values)")
print(f"audit-screenshot: {path} ({width}x{height}, {len(data) // 1024} KiB); page: {path[:-4]}.html")
PY
