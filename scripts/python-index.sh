#!/usr/bin/env bash
# A local Python package index made offline from Debian bookworm packages (PyPI is not reachable
# here, Debian's apt mirror is): flask, requests, PyYAML, gunicorn, waitress, poetry 1.3, pipenv 2022.12
# and their dependencies repacked as wheels,
# setuptools (with Debian's separate pkg_resources) and wheel (for isolated sdist builds) and an sdist with a C extension that compiles
# (scripts/python-index.py does the repacking; its docstring says how). Kept outside the clone in
# ~/.cache/stagecraft/python-index/<key>, keyed by this script, the repacker and the Debian versions
# of the packages (the host's apt candidates): a second run with the same key does nothing.
#
#   bash scripts/python-index.sh          # makes the index if needed; prints its directory on stdout
#   bash scripts/python-index.sh --dir    # prints the directory if the index is made, else exits 1
#
# Use it in a build: serve DIR over http on 127.0.0.1 (buildah --isolation chroot shares the host's
# network) and set PIP_INDEX_URL=http://127.0.0.1:PORT/simple/ (bench/sizeScenarios.ts
# `pythonIndex()` does this), or mount DIR/files and run `pip install --no-index --find-links`.
set -euo pipefail
export LC_ALL=C
SELF_DIR="$(cd "$(dirname "$0")" && pwd)"
CACHE="${STAGECRAFT_CACHE:-$HOME/.cache/stagecraft}/python-index"
# flask's, requests' and PyYAML's dependency sets as Debian packages them, plus setuptools and wheel,
# then poetry's and pipenv's (uv is not packaged in bookworm: not here).
PACKAGES=(python3-flask python3-werkzeug python3-jinja2 python3-markupsafe python3-click python3-itsdangerous
  python3-blinker python3-requests python3-urllib3 python3-idna python3-certifi python3-charset-normalizer
  python3-chardet python3-six python3-yaml python3-setuptools python3-pkg-resources python3-wheel
  # poetry 1.3 and what it needs on Python 3.11 (virtualenv with its seed wheels, keyring's SecretStorage and
  # cryptography, dulwich, msgpack and pyrsistent compiled); pipenv 2022.12 (its pip and the rest vendored)
  python3-poetry python3-poetry-core python3-cachecontrol python3-msgpack python3-cleo python3-crashtest python3-pylev
  python3-dulwich python3-filelock python3-html5lib python3-webencodings python3-jsonschema python3-attr
  python3-pyrsistent python3-keyring python3-jaraco.classes python3-more-itertools python3-jeepney
  python3-secretstorage python3-cryptography python3-cffi python3-cffi-backend python3-pycparser python3-ply
  python3-importlib-metadata python3-zipp python3-lockfile python3-packaging python3-pexpect python3-ptyprocess
  python3-pkginfo python3-platformdirs python3-requests-toolbelt python3-shellingham python3-tomlkit
  python3-virtualenv python3-distlib python3-pip-whl python3-setuptools-whl python3-wheel-whl
  pipenv python3-virtualenv-clone
  # WSGI servers apps run in production
  python3-gunicorn python3-waitress)

say() { echo "python-index: $*" >&2; }

versions() { apt-cache policy "${PACKAGES[@]}" 2>/dev/null | awk '/^[^ ]/ {sub(":$", "", $1); package = $1} /Candidate:/ {print package, $2}'; }

candidates="$(versions)"
if [ "$(grep -vc '(none)' <<<"$candidates")" -ne "${#PACKAGES[@]}" ]; then
  say "apt-get update (the package lists lack some of ${PACKAGES[*]})"
  apt-get update -qq >&2
  candidates="$(versions)"
fi
key="$( { cat "$0" "$SELF_DIR/python-index.py"; echo "$candidates"; } | sha256sum | cut -c1-16)"
index="$CACHE/$key"
if [ "${1:-}" = "--dir" ]; then
  [ -f "$index/manifest.json" ] && { echo "$index"; exit 0; }
  exit 1
fi
mkdir -p "$CACHE/debs"
exec 9>"$CACHE/lock"
flock 9 # one maker at a time; a second run waits, then finds the index made
if [ ! -f "$index/manifest.json" ]; then
  started=$SECONDS
  (cd "$CACHE/debs" && apt-get download "${PACKAGES[@]}" >&2 2>/dev/null) || (cd "$CACHE/debs" && apt-get download "${PACKAGES[@]}" >&2)
  debs=()
  while read -r package version; do
    file="$(ls "$CACHE/debs/${package}_${version//:/%3a}_"*.deb 2>/dev/null | head -1)"
    [ -n "$file" ] || { say "ERROR: no .deb for $package $version in $CACHE/debs"; exit 1; }
    debs+=("$file")
  done <<<"$candidates"
  rm -rf "$index.tmp"
  python3 "$SELF_DIR/python-index.py" "$index.tmp" "${debs[@]}"
  mv "$index.tmp" "$index"
  say "made $index in $((SECONDS - started)) s"
fi
echo "$index"
