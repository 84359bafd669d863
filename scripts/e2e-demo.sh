#!/usr/bin/env bash
# Starts the demo backend on a fresh SQLite directory with a static external-access token,
# waits until every demo service is scored, and verifies the API and the CLI against it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh

data_dir="$(mktemp -d)"
log_file="$data_dir/backend.log"
token="e2e-$(node -e 'console.log(require("crypto").randomBytes(12).toString("hex"))')"
export APP_CONFIG_backend_database_connection_directory="$data_dir"
export APP_CONFIG_backend_auth_externalAccess="[{\"type\":\"static\",\"options\":{\"token\":\"$token\",\"subject\":\"e2e-tests\"}}]"

if curl -s -o /dev/null http://localhost:7007; then
  echo "e2e: port 7007 is already in use; stop the running backend first" >&2
  exit 1
fi

setsid bash -c "cd packages/backend && exec yarn start" >"$log_file" 2>&1 &
backend_pid=$!
cleanup() {
  kill -- -"$backend_pid" 2>/dev/null || kill "$backend_pid" 2>/dev/null || true
  wait "$backend_pid" 2>/dev/null || true
  rm -rf "$data_dir"
}
trap cleanup EXIT

if ! MLOPS_E2E_TOKEN="$token" node scripts/verify-demo.js; then
  echo "e2e: backend log tail:" >&2
  tail -n 60 "$log_file" >&2
  exit 1
fi
