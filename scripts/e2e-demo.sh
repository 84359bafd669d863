#!/usr/bin/env bash
# Starts the demo (app on :3000, backend on :7007) on a fresh SQLite directory with a static
# external-access token, waits until every demo service is scored, then verifies the API and
# the CLI against it and drives the app in Chromium with Playwright.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh

data_dir="$(mktemp -d)"
log_file="$data_dir/backend.log"
token="e2e-$(node -e 'console.log(require("crypto").randomBytes(12).toString("hex"))')"
export APP_CONFIG_backend_database_connection_directory="$data_dir"
export APP_CONFIG_backend_auth_externalAccess="[{\"type\":\"static\",\"options\":{\"token\":\"$token\",\"subject\":\"e2e-tests\"}}]"

for port in 3000 7007; do
  if curl -s -o /dev/null "http://localhost:$port"; then
    echo "e2e: port $port is already in use; stop the running demo first" >&2
    exit 1
  fi
done

setsid yarn start >"$log_file" 2>&1 &
demo_pid=$!
cleanup() {
  kill -- -"$demo_pid" 2>/dev/null || kill "$demo_pid" 2>/dev/null || true
  wait "$demo_pid" 2>/dev/null || true
  rm -rf "$data_dir"
}
trap cleanup EXIT

export MLOPS_E2E_TOKEN="$token"
if ! node scripts/verify-demo.js; then
  echo "e2e: demo log tail:" >&2
  tail -n 60 "$log_file" >&2
  exit 1
fi

# The app's dev server compiles on first start; wait for it before driving the browser.
for _ in $(seq 1 180); do
  curl -sf -o /dev/null http://localhost:3000 && break
  sleep 2
done
# The first guest sign-in of a run once failed with the backend busy after verify-demo's
# refreshes; the tests start once the auth backend answers a guest session promptly.
guest_ready=no
for _ in $(seq 1 60); do
  if curl -sf -o /dev/null --max-time 5 -H 'X-Requested-With: XMLHttpRequest' \
    http://localhost:7007/api/auth/guest/refresh; then
    guest_ready=yes
    break
  fi
  sleep 1
done
echo "e2e: guest sign-in answers: $guest_ready"
rm -rf e2e-test-report
mkdir -p e2e-test-report/screenshots
if ! yarn playwright test; then
  echo "e2e: demo log tail:" >&2
  tail -n 60 "$log_file" >&2
  exit 1
fi
echo "e2e: screenshots in e2e-test-report/screenshots"

