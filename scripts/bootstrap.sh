#!/usr/bin/env bash
# Installs everything Resettle needs on a fresh machine: Python 3.12+, uv, the locked Python
# dependencies, the pinned front-end packages, and the built static files. Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
  for candidate in python3.13 python3.12 /root/.pyenv/versions/3.1[23]*/bin/python3 /usr/bin/python3.12; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null; then
      command -v "$candidate"; return
    fi
  done
  echo "Resettle needs Python 3.12 or newer; none was found." >&2; exit 1
}

scripts/ensure-system-packages.sh

PYTHON=$(find_python)
if ! "$PYTHON" -m uv --version >/dev/null 2>&1; then
  "$PYTHON" -m pip install --quiet --disable-pip-version-check uv
fi
"$PYTHON" -m uv sync --frozen --quiet --python "$PYTHON"

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
if [ ! -f resettle/static/dist/app.css ] || [ -n "$(find frontend package-lock.json -newer resettle/static/dist/app.css -print -quit)" ]; then
  npm run --silent build
fi
