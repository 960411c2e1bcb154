#!/usr/bin/env bash
# Installs what `make bench` needs beyond Roster itself: wrk and valgrind (Debian), json-server
# (npm, pinned by bench/json-server/package-lock.json) and py-spy (PyPI, bench/requirements.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"

if ! command -v wrk >/dev/null; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "wrk is missing: run 'sudo apt-get install -y wrk' (Debian's package)" >&2
        exit 1
    fi
    apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk; }
fi

# valgrind: only for `python -m bench.inproc --instructions` (callgrind counts instructions).
if ! command -v valgrind >/dev/null; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "valgrind is missing: run 'sudo apt-get install -y valgrind' (Debian's package)" >&2
        exit 1
    fi
    apt-get install -y valgrind >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y valgrind; }
fi

if ! command -v npm >/dev/null; then
    echo "npm is missing: install Node.js (Debian's nodejs and npm packages)" >&2
    exit 1
fi
if [ ! -x bench/json-server/node_modules/.bin/json-server ] \
    || [ bench/json-server/package-lock.json -nt bench/json-server/node_modules/.package-lock.json ]; then
    (cd bench/json-server && npm ci --no-audit --no-fund --loglevel=error)
fi

"$PYTHON" -m pip install --quiet -r bench/requirements.txt
