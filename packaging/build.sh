#!/usr/bin/env bash
# Build the register's one-folder bundle for Linux with PyInstaller (packaging/tresen.spec).
#
#   packaging/build.sh [OUT_DIR]
#
# OUT_DIR (or TRESEN_DIST_DIR; default: dist/ in the repository) receives tresen/, whose tresen is `python -m app`.
# PyInstaller's work files go to TRESEN_BUILD_DIR (default: build/ in the repository); both are in .gitignore.
# PYTHON is the interpreter whose packages are bundled (default: the repository's .venv, set up with
# `pip install -e '.[register]' pyinstaller`). Then packaging/smoke.py tests the result.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${1:-${TRESEN_DIST_DIR:-$ROOT/dist}}"
WORK="${TRESEN_BUILD_DIR:-$ROOT/build}"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"

if ! "$PYTHON" -c 'import PyInstaller' 2>/dev/null; then
  echo "PyInstaller is not installed for $PYTHON: $PYTHON -m pip install pyinstaller" >&2
  exit 2
fi
# The app's translations are bundled as they are in resources/i18n (the compiled .qm files, not the .ts sources).
for ts in "$ROOT"/resources/i18n/*.ts; do
  [ -e "$ts" ] || continue
  [ -e "${ts%.ts}.qm" ] || echo "warning: ${ts%.ts}.qm is missing: that language's texts stay German" >&2
done

start=$(date +%s)
"$PYTHON" -m PyInstaller --noconfirm --log-level WARN --distpath "$OUT" --workpath "$WORK" \
  "$ROOT/packaging/tresen.spec"
# The desktop entry beside the executable, so that the archive IT unpacks to /opt/tresen carries it
# (packaging/README.md, "Installing on a counter PC").
cp "$ROOT/packaging/tresen.desktop" "$OUT/tresen/tresen.desktop"
end=$(date +%s)
echo "built $OUT/tresen in $((end - start)) s ($(du -sh "$OUT/tresen" | cut -f1))"
