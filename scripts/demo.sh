#!/usr/bin/env bash
# Starts the demo on a fresh machine: bootstraps Node and the dependencies, then runs the
# Backstage app on :3000 and the backend on :7007 with embedded SQLite and the example
# catalog (sample data).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh
source scripts/env.sh
exec yarn start
