#!/usr/bin/env bash
# Runs every test of the workspace on a fresh machine: bootstraps Node and the
# dependencies, makes sure the services the tests need are up, then runs type checks,
# generated-file checks, the unit/integration suites (SQLite and PostgreSQL), two backend
# replicas on PostgreSQL, the quick benchmarks, the packed packages installed into a fresh
# Backstage app, and the end-to-end smoke test of the demo.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/bootstrap.sh
source scripts/env.sh
source scripts/services.sh
ensure_postgres
ensure_chromium
ensure_prometheus

echo "== type check, and the declarations the API reports are made from"
# Not incremental: a type's member order can follow an earlier build's, which would
# change the reports without any change to the API.
yarn tsc -p . --incremental false

echo "== lint"
yarn backstage-cli repo lint

echo "== generated files are current"
node plugins/mlops-maturity-backend/scripts/generate-openapi.js --check
yarn mlops-maturity-docs --check
yarn check:api-reports
# pluginPackages and publishConfig, which `yarn pack` needs, match the workspace.
yarn backstage-cli repo fix --publish --check

echo "== unit and integration tests (SQLite and PostgreSQL)"
CI=true yarn backstage-cli repo test --maxWorkers=2

echo "== two backend processes on one PostgreSQL: kill -9 and SIGTERM mid-cycle"
CI=true yarn test:replicas

echo "== rollup benchmark, quick (runs and agrees with itself; timings are not asserted)"
yarn mlops-maturity-rollup-bench --quick both

echo "== refresh benchmark, quick (200 services against the loopback GitHub; timings are not asserted)"
yarn mlops-maturity-refresh-bench 200 --window-seconds 2

echo "== refresh through the backend process, quick (100 services; timings are not asserted)"
yarn mlops-maturity-refresh-at-scale 100 --window-seconds 5 --processing-interval-seconds 5

echo "== packed install: the tarballs in a fresh create-app app, type-checked, its backend scoring a service"
bash scripts/packed-install-test.sh

echo "== demo end to end (API, CLI and browser)"
bash scripts/e2e-demo.sh
