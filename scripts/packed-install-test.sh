#!/usr/bin/env bash
# Proves the README's "Adding the plugins to an existing Backstage app" as a user meets it:
# packs every package the way it would be published, creates a fresh app with
# @backstage/create-app, installs the tarballs into it (everything else comes from the npm
# registry), type-checks the app, runs the CLI and starts the app's backend, which must then
# score an ML service.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh

# The create-app release of the Backstage version this repository is on (backstage.json).
CREATE_APP_VERSION="0.9.2"
PORT="${MLOPS_PACKED_PORT:-7017}"
TOKEN="packed-install-$RANDOM$RANDOM"

work="$(mktemp -d "${TMPDIR:-/tmp}/mlops-packed-XXXXXX")"
backend_pid=""
cleanup() {
  if [[ -n "$backend_pid" ]]; then
    kill -- "-$backend_pid" 2>/dev/null || true
  fi
  if [[ "${MLOPS_PACKED_KEEP:-}" != "1" ]]; then
    rm -rf "$work"
  fi
}
trap cleanup EXIT

packages=(
  plugins/mlops-maturity-common
  plugins/mlops-maturity-node
  plugins/mlops-maturity-analyzer
  plugins/mlops-maturity-backend
  plugins/mlops-maturity
  plugins/mlops-maturity-cli
)

echo "== build and pack the packages"
mkdir -p "$work/tarballs"
for dir in "${packages[@]}"; do
  (cd "$dir" && yarn backstage-cli package build >/dev/null)
  name="$(node -p "require('./$dir/package.json').name")"
  file="$work/tarballs/$(basename "$dir").tgz"
  # `yarn pack` runs prepack, which swaps in publishConfig and resolves workspace ranges.
  (cd "$dir" && yarn pack --out "$file" >/dev/null)
  echo "$name -> $(basename "$file") ($(du -k "$file" | cut -f1) KiB)"
done

echo "== create a fresh app with @backstage/create-app@$CREATE_APP_VERSION"
BACKSTAGE_APP_NAME=packed-app npx --yes "@backstage/create-app@$CREATE_APP_VERSION" \
  --path "$work/app" --skip-install >"$work/create-app.log" 2>&1 ||
  { cat "$work/create-app.log"; exit 1; }

echo "== add the plugins as the README says"
node scripts/packed-install/addPlugins.js "$work/app" "$work/tarballs"

# An ML service with a repository, for the backend to score.
mkdir -p "$work/repos"
cp -r examples/repos/fraud-scoring-service "$work/repos/"
cat >"$work/catalog.yaml" <<EOF
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: packed-fraud-scoring
  annotations:
    backstage.io/source-location: file:$work/repos/fraud-scoring-service/
spec:
  type: ml-service
  lifecycle: production
  owner: guests
EOF
cat >"$work/app/app-config.packed.yaml" <<EOF
app:
  baseUrl: http://localhost:3000
backend:
  baseUrl: http://localhost:$PORT
  listen:
    port: $PORT
  auth:
    externalAccess:
      - type: static
        options:
          token: $TOKEN
          subject: packed-install-test
catalog:
  locations:
    - type: file
      target: $work/catalog.yaml
mlopsMaturity:
  repositories:
    fileRoots:
      - $work/repos
EOF

echo "== install (tarballs for our packages, the registry for the rest)"
# The fresh app has no lockfile yet; under CI=true yarn would refuse to write one.
(cd "$work/app" && YARN_ENABLE_IMMUTABLE_INSTALLS=false yarn install >"$work/install.log" 2>&1) ||
  { tail -60 "$work/install.log"; exit 1; }

echo "== type-check the app"
(cd "$work/app" && yarn tsc)

echo "== the CLI from its tarball scores the same service's checkout"
(cd "$work/app" && yarn mlops-maturity score "$work/repos/fraud-scoring-service" \
  --min-level 1 >"$work/cli.log") || { cat "$work/cli.log"; exit 1; }
head -6 "$work/cli.log"

echo "== start its backend and score the service"
# In a session of its own, so the cleanup stops the backend and every process it started.
pushd "$work/app/packages/backend" >/dev/null
setsid yarn backstage-cli package start \
  --config ../../app-config.yaml --config ../../app-config.packed.yaml \
  >"$work/backend.log" 2>&1 &
backend_pid=$!
popd >/dev/null
if ! MLOPS_PACKED_PORT="$PORT" MLOPS_PACKED_TOKEN="$TOKEN" \
  node scripts/packed-install/scoreService.js packed-fraud-scoring; then
  tail -80 "$work/backend.log"
  exit 1
fi
echo "packed install: OK"
