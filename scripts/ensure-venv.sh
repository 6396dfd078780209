#!/usr/bin/env bash
# Create .venv with figlet installed editable plus its dev tools; skip when already done.
#
# Needs Python >= 3.11 with venv support. As root on Debian, the missing pieces (python3,
# python3-venv) are installed with apt-get. The install is redone when pyproject.toml changes
# or when the venv was made from another interpreter.
#
# Which interpreter: $PYTHON when set; else the system's /usr/bin/python3 when it is >= 3.11,
# else the first python3 on PATH. Debian's build is optimised (PGO, LTO, libpython linked in):
# a pure-Python loop ran 1.48x faster on it than on a default pyenv build of 3.11.7 here, and a
# no-op `figlet up` 35 ms instead of 37 (bench/NOTES.md). Every figlet command is mostly
# interpreter start-up and imports, so the venv is made from the faster one.
#
# The editable install is in setuptools' "compat" mode (a plain path entry in a .pth file): the
# default mode's import hook costs every figlet command about 8 ms of start-up. figlet's modules
# are byte-compiled at the end, so that start-up does not compile them either, even where
# PYTHONDONTWRITEBYTECODE keeps Python from caching them itself.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
FIGLET_LOG_PREFIX="venv"
# shellcheck source=scripts/lib.sh
. "$here/lib.sh"

# python_ok CMD: CMD runs and is Python >= 3.11
python_ok() {
    command -v "$1" >/dev/null 2>&1 &&
        "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null
}

if [ -z "${PYTHON:-}" ]; then
    PYTHON=python3
    if python_ok /usr/bin/python3; then
        PYTHON=/usr/bin/python3
    fi
fi
VENV="${FIGLET_VENV:-$root/.venv}"
STAMP="$VENV/.figlet-installed"

# the interpreter behind a python command (through symlinks and pyenv's shims)
real_python() { "$1" -c 'import os, sys; print(os.path.realpath(sys.executable))' 2>/dev/null || true; }

MODE="compat"
stamp_key() { echo "$(sha256sum "$root/pyproject.toml" | cut -d' ' -f1) editable=$MODE python=$1"; }
base="$(real_python "$PYTHON")"
key="$(stamp_key "$base")"
if [ -x "$VENV/bin/python" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$key" ]; then
    say "$VENV: up to date"
    exit 0
fi

if ! python_ok "$PYTHON"; then
    apt_install python3 python3-venv
    python_ok "$PYTHON" || die "$PYTHON is not Python >= 3.11; set PYTHON=/path/to/python3.11"
fi
base="$(real_python "$PYTHON")"  # python3 may only exist now
key="$(stamp_key "$base")"
if [ -x "$VENV/bin/python" ] && [ "$(readlink -f "$VENV/bin/python")" != "$base" ]; then
    say "$VENV was made from another interpreter: making it again from $PYTHON"
    rm -rf "$VENV"
fi
if [ ! -x "$VENV/bin/python" ]; then
    if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
        rm -rf "$VENV"
        apt_install python3-venv
        "$PYTHON" -m venv "$VENV" || die "could not create $VENV with $PYTHON"
    fi
fi
say "pip install -e '.[dev]' into $VENV"
"$VENV/bin/python" -m pip install -q -e "$root[dev]" --config-settings "editable_mode=$MODE" ||
    die "pip install failed"
"$VENV/bin/python" -m compileall -q "$root/figlet" >/dev/null || die "compileall failed"
echo "$key" >"$STAMP"
say "$VENV: ready ($("$VENV/bin/figlet" --version))"
