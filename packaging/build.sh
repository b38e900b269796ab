#!/usr/bin/env bash
# Build the one-folder frozen app: packaging/pyinstaller/dist/interviewer/interviewer
#   packaging/build.sh            # uses ./.venv (made by scripts/setup.sh)
#   INTERVIEWER_VENV=/path/venv packaging/build.sh
# Installs PyInstaller into the venv if it is missing, then prints the build time and size.
# The build is CPU-heavy (5-15 min on 2 cores); prefix with `nice -n 10` on a shared machine.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
VENV="${INTERVIEWER_VENV:-$here/.venv}"
PY="$VENV/bin/python"
if [ ! -x "$PY" ]; then
  echo "build: no virtual environment at $VENV; run scripts/setup.sh app first." >&2
  exit 2
fi
if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
  echo "build: installing PyInstaller into $VENV"
  "$PY" -m pip -q --disable-pip-version-check install "pyinstaller>=6.5"
fi
version="$("$PY" -c 'import ast,sys
t = ast.parse(open("interviewer/__init__.py", encoding="utf-8").read())
print(next(ast.literal_eval(n.value) for n in t.body if isinstance(n, ast.Assign)
      and any(getattr(x, "id", "") == "__version__" for x in n.targets)))')"
dist="packaging/pyinstaller/dist"
work="packaging/pyinstaller/build"
echo "build: interviewer $version -> $dist/interviewer/ (log: $work/pyinstaller.log)"
mkdir -p "$work"
start=$(date +%s)
if ! "$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$dist" --workpath "$work" packaging/pyinstaller/interviewer.spec \
    >"$work/pyinstaller.log" 2>&1; then
  tail -n 40 "$work/pyinstaller.log" >&2
  echo "build: PyInstaller failed; the full log is $work/pyinstaller.log" >&2
  exit 1
fi
end=$(date +%s)
echo "$version" > "$dist/interviewer/VERSION"
secs=$((end - start))
size="$(du -sh "$dist/interviewer" | cut -f1)"
echo "build: done in $((secs / 60)) min $((secs % 60)) s; $dist/interviewer is $size"
echo "build: run it with $dist/interviewer/interviewer (no command opens the app)"
