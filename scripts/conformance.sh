#!/usr/bin/env bash
# Checks the storefront simulator against clients no one here wrote: the official `woocommerce` and
# `ShopifyAPI` Python packages, and plain HTTP calls shaped like Adobe's Magento REST examples.
#
# Starts one `concord-sim serve` process with a store per platform, runs each script in
# Tests/Conformance/ against it with the store's URL and credentials in the environment, and
# exits non-zero if any script fails. The Python packages live in a venv under .build/.
set -euo pipefail
cd "$(dirname "$0")/.."

SWIFT=${SWIFT:-swift}
venv=.build/conformance-venv
requirements=Tests/Conformance/requirements.txt

if [ ! -x "$venv/bin/python" ] || ! cmp -s "$requirements" "$venv/requirements.txt"; then
  echo "conformance: preparing a Python venv in $venv" >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
  cp "$requirements" "$venv/requirements.txt"
fi

$SWIFT build --product concord-sim >&2
sim="$($SWIFT build --show-bin-path)/concord-sim"

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill -INT "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$sim" serve --platform shopify --platform woocommerce --platform magento \
  --seed 42 --products 120 --json --ready-file "$work/stores.json" >"$work/banner.json" 2>"$work/server.err" &
server_pid=$!

# The server writes the ready file once every store listens; give it up to 60 s.
for _ in $(seq 1 600); do
  [ -s "$work/stores.json" ] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "conformance: concord-sim exited before its stores were ready:" >&2
    cat "$work/server.err" >&2
    exit 1
  fi
  sleep 0.1
done
[ -s "$work/stores.json" ] || { echo "conformance: concord-sim did not become ready in 60 s" >&2; exit 1; }

store() { "$venv/bin/python" -c "import json,sys; s=[x for x in json.load(open('$work/stores.json')) if x['platform']=='$1'][0]; print(s['$2'])"; }

failed=0
run() {
  local name=$1; shift
  echo "conformance: $name" >&2
  if ! env "$@" "$venv/bin/python" "Tests/Conformance/${name}_conformance.py"; then
    echo "conformance: $name FAILED" >&2
    failed=1
  fi
}

run shopify SIM_BASE_URL="$(store shopify base_url)" SIM_SHOPIFY_TOKEN="$(store shopify access_token)"
run woocommerce SIM_BASE_URL="$(store woocommerce base_url)" SIM_WOO_KEY="$(store woocommerce consumer_key)" \
  SIM_WOO_SECRET="$(store woocommerce consumer_secret)"
run magento SIM_BASE_URL="$(store magento base_url)" SIM_MAGENTO_TOKEN="$(store magento token)" \
  SIM_MAGENTO_USER="$(store magento admin_username)" SIM_MAGENTO_PASSWORD="$(store magento admin_password)"

if [ "$failed" -ne 0 ]; then
  echo "conformance: some clients disagree with the simulator (see above)" >&2
  exit 1
fi
echo "conformance: all clients agree with the simulator" >&2
