# Sourced by the other scripts (and usable in your shell: `. scripts/env.sh`): puts the
# bootstrapped Node and the committed yarn release on PATH. Sets nothing up by itself.
MLOPS_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MLOPS_NODE_VERSION="22.23.3"
MLOPS_NODE_HOME="$MLOPS_REPO_ROOT/.tools/node-$MLOPS_NODE_VERSION"
if [[ -x "$MLOPS_NODE_HOME/bin/node" ]]; then
  export PATH="$MLOPS_NODE_HOME/bin:$PATH"
  # node-gyp builds native addons (better-sqlite3) against these headers instead of downloading them.
  export npm_config_nodedir="$MLOPS_NODE_HOME"
fi
export PATH="$MLOPS_REPO_ROOT/.tools/bin:$PATH"
# Use whatever registry npm is configured with, so yarn works behind mirrors too.
if [[ -z "${YARN_NPM_REGISTRY_SERVER:-}" ]] && command -v npm >/dev/null; then
  YARN_NPM_REGISTRY_SERVER="$(npm config get registry 2>/dev/null | sed 's#/$##')"
  export YARN_NPM_REGISTRY_SERVER
fi
