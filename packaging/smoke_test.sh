#!/usr/bin/env bash
# Smoke test of the frozen app: builds it if needed, then runs the built executable.
#   packaging/smoke_test.sh            # build if there is no build yet, then test
#   packaging/smoke_test.sh --rebuild  # always build first
#   INTERVIEWER_VENV=/path/to/.venv packaging/smoke_test.sh   # e.g. in a fresh clone
#   SMOKE_EXE=.venv/bin/interviewer packaging/smoke_test.sh   # the same checks on a source install
# Checks: --version equals interviewer.__version__; `doctor --json` (model, device, voice, data
# folder and bank OK; microphone and speaker too when a private PulseAudio server can be started);
# `questions --json` lists the bundled bank; `transcribe --json` on a WAV spoken by espeak-ng
# contains the words said; with a private sound server, `speak --out`, `record` and `transcribe`
# of what was played into the virtual microphone; the GUI opens offscreen, and under Xvfb shows its window, finishes the
# first-run check and exits 0 when the window is closed; no bundled Qt library lacks a Qt library
# it needs. Runs in a throw-away HOME (nothing touches your data).
# Exits non-zero if any check fails and prints a summary.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
dist="packaging/pyinstaller/dist/interviewer"
exe="$here/$dist/interviewer"
frozen=1
if [ -n "${SMOKE_EXE:-}" ]; then  # try the checks on another build (e.g. .venv/bin/interviewer)
  exe="$SMOKE_EXE"; frozen=0
elif [ "${1:-}" = "--rebuild" ] || [ ! -x "$exe" ]; then
  nice -n "${NICE:-10}" bash packaging/build.sh || { echo "smoke: the build failed" >&2; exit 1; }
fi
[ -x "$exe" ] || { echo "smoke: no executable at $exe" >&2; exit 1; }

tmp="$(mktemp -d -t interviewer-smoke-XXXXXX)"
pulse_pid=""; xvfb_pid=""; gui_pid=""
cleanup() {
  for p in $gui_pid $xvfb_pid $pulse_pid; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT
# a private home: settings, data, model cache and logs all go here
export HOME="$tmp/home" XDG_DATA_HOME="$tmp/home/.local/share" XDG_CONFIG_HOME="$tmp/home/.config"
export XDG_CACHE_HOME="$tmp/home/.cache" XDG_STATE_HOME="$tmp/home/.local/state"
export QT_QPA_PLATFORM=offscreen OMP_NUM_THREADS="${OMP_NUM_THREADS:-2}"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"
unset PULSE_SERVER
export PULSE_RUNTIME_PATH="$tmp/no-pulse"

results=()
failed=0
pass() { results+=("PASS  $1"); echo "smoke: PASS  $1"; }
fail() { results+=("FAIL  $1"); echo "smoke: FAIL  $1" >&2; failed=1; }
VENV="${INTERVIEWER_VENV:-$here/.venv}"
py() { "$VENV/bin/python" - "$@"; }  # only to read JSON
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

# a private sound server with a virtual speaker and microphone, if pulseaudio is installed
if command -v pulseaudio >/dev/null && command -v pactl >/dev/null; then
  rt="$tmp/pulse"; mkdir -p "$rt"
  XDG_RUNTIME_DIR="$rt" pulseaudio -n --daemonize=no --exit-idle-time=-1 --disallow-exit \
    --log-target=file:"$rt/log" \
    -L "module-native-protocol-unix auth-anonymous=1 socket=$rt/native" \
    -L "module-null-sink sink_name=smoke_speaker" \
    -L "module-remap-source source_name=smoke_mic master=smoke_speaker.monitor" >/dev/null 2>&1 &
  pulse_pid=$!
  for _ in $(seq 1 100); do
    PULSE_SERVER="unix:$rt/native" pactl info >/dev/null 2>&1 && break
    sleep 0.1
  done
  if PULSE_SERVER="unix:$rt/native" pactl info >/dev/null 2>&1; then
    export PULSE_SERVER="unix:$rt/native"
    pactl set-default-sink smoke_speaker; pactl set-default-source smoke_mic
  else
    echo "smoke: note: the private PulseAudio server did not start; microphone and speaker are not checked"
    kill "$pulse_pid" 2>/dev/null; pulse_pid=""
  fi
fi

# 1. version
want="$(sed -n 's/^__version__ *= *"\([^"]*\)".*/\1/p' interviewer/__init__.py)"
got="$("$exe" --version 2>&1)"
[ "$got" = "interviewer $want" ] && pass "--version: $got" || fail "--version: got '$got', want 'interviewer $want'"

# 2. doctor
t0=$(date +%s.%N)
if "$exe" doctor --json >"$tmp/doctor.json" 2>"$tmp/doctor.err"; then
  need="Whisper model,Compute device,Text-to-speech voice,Data folder,Question bank"
  [ -n "$pulse_pid" ] && need="$need,Microphone,Speaker"
  if report="$(py "$tmp/doctor.json" "$need" "$frozen" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
need = sys.argv[2].split(",")
bad = []
for c in doc["checks"]:
    print(f"    {'OK' if c['ok'] else 'PROBLEM':8} {c['name']}: {c['summary']}")
    if c["name"] in need and not c["ok"]:
        bad.append(c["name"])
missing = [n for n in need if n not in {c["name"] for c in doc["checks"]}]
assert doc["frozen"] is (sys.argv[3] == "1"), "doctor is wrong about being the frozen build"
if bad or missing:
    print(f"    required checks failed: {bad + missing}")
    sys.exit(1)
PY
)"; then
    echo "$report"; pass "doctor --json ($(elapsed "$t0") s)"
  else
    echo "$report"; fail "doctor --json: a required check failed"
  fi
else
  cat "$tmp/doctor.err" >&2; fail "doctor --json exited non-zero"
fi
"$exe" doctor >"$tmp/doctor.txt" 2>&1 && grep -q "Whisper model" "$tmp/doctor.txt" \
  && pass "doctor (text)" || { cat "$tmp/doctor.txt"; fail "doctor (text)"; }

# 3. questions
if "$exe" questions --json >"$tmp/questions.json" 2>"$tmp/questions.err" \
  && n="$(py "$tmp/questions.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
qs = doc["questions"] if isinstance(doc, dict) else doc
ids = [q["id"] for q in qs]
assert "q01" in ids and "q20" in ids, ids
print(len(ids))
PY
)"; then pass "questions --json: $n questions (q01..q20 present)"
else cat "$tmp/questions.err" >&2; fail "questions --json"; fi

# 4. transcribe a WAV spoken by espeak-ng
sentence="Gradient descent moves the weights a small step against the gradient of the loss."
if ! espeak-ng -w "$tmp/answer.wav" "$sentence" 2>"$tmp/espeak.err"; then
  cat "$tmp/espeak.err" >&2; fail "espeak-ng could not synthesise the test WAV"
else
  t0=$(date +%s.%N)
  if "$exe" transcribe --json "$tmp/answer.wav" >"$tmp/transcribe.json" 2>"$tmp/transcribe.err" \
    && text="$(py "$tmp/transcribe.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
text = doc["text"].lower()
assert all(w in text for w in ("descent", "gradient", "loss")), text
assert doc["segments"] and doc["segments"][0]["words"], "no word timings"
print(f"{doc['text'].strip()} [{doc['model']} on {doc['device']}]")
PY
)"; then pass "transcribe: \"$text\" ($(elapsed "$t0") s incl. preparing tiny.en)"
  else cat "$tmp/transcribe.err" "$tmp/transcribe.json" >&2; fail "transcribe"; fi
fi

# 4b. sound through the frozen app (needs the private sound server): `speak --out` synthesises a
#     sentence (text-to-speech in a child process of the frozen app), paplay plays it into the
#     virtual microphone while `record` captures it (PortAudio), and `transcribe` hears it back.
if [ -n "$pulse_pid" ]; then
  said="Tell me about a project you are proud of, and what you learned from it."
  if "$exe" speak "$said" --out "$tmp/said.wav" >"$tmp/speak.out" 2>&1 && [ -s "$tmp/said.wav" ]; then
    pass "speak --out: $(stat -c %s "$tmp/said.wav") bytes of synthesised speech"
    # a low-latency reader keeps the null sink from working in 2-second blocks
    parec --latency-msec=10 -d smoke_speaker.monitor >/dev/null 2>&1 &
    parec_pid=$!
    secs="$(py "$tmp/said.wav" <<'PY'
import sys, wave
with wave.open(sys.argv[1]) as w:
    print(round(w.getnframes() / w.getframerate() + 3.0, 1))
PY
)"
    "$exe" record "$tmp/heard.wav" --seconds "$secs" >"$tmp/record.out" 2>&1 &
    rec_pid=$!
    # start playing once the recorder has written audio (its WAV grows past the header)
    for _ in $(seq 1 150); do
      [ "$(stat -c %s "$tmp/heard.wav" 2>/dev/null || echo 0)" -gt 8000 ] && break
      kill -0 "$rec_pid" 2>/dev/null || break
      sleep 0.1
    done
    paplay -d smoke_speaker "$tmp/said.wav"
    wait "$rec_pid"; rc=$?
    kill "$parec_pid" 2>/dev/null; wait "$parec_pid" 2>/dev/null
    if [ $rc -eq 0 ] && "$exe" transcribe --json "$tmp/heard.wav" >"$tmp/heard.json" 2>"$tmp/heard.err" \
      && heard="$(py "$tmp/heard.json" <<'PY'
import json, sys
text = json.load(open(sys.argv[1]))["text"].lower()
# the sound went through resampling and a virtual cable: most of the words, not every one
found = [w for w in ("project", "proud", "learned") if w in text]
assert len(found) >= 2, text
print(text.strip())
PY
)"; then pass "record + transcribe through the sound server: \"$heard\""
    else
      tail -n 5 "$tmp/record.out" "$tmp/heard.err" >&2
      fail "record (status $rc) or transcribing the recording (heard: $(py "$tmp/heard.json" <<<'import json,sys; print(json.load(open(sys.argv[1]))["text"])' 2>/dev/null))"
    fi
  else
    cat "$tmp/speak.out" >&2; fail "speak --out"
  fi
fi

# 5. the GUI. The app's log of each run must hold no ERROR or CRITICAL line (for example the
#    model failing to load in its worker).
logdir="$XDG_STATE_HOME/interviewer/log"
fresh_log() { [ -d "$logdir" ] && mv "$logdir" "$tmp/log-$(date +%s%N)"; return 0; }
log_errors() { grep -h -E "^[0-9-]+ [0-9:,]+ (ERROR|CRITICAL) " "$logdir"/*.log* 2>/dev/null | head -n 20; }

# 5a. offscreen: with `gui --smoke-exit-after MS` the GUI quits by itself after MS ms and exits 0;
#     without that option, check that it comes up and keeps running without errors for 15 s.
fresh_log
t0=$(date +%s.%N)
QT_QPA_PLATFORM=offscreen timeout 180 "$exe" gui --smoke-exit-after "${SMOKE_GUI_MS:-8000}" \
  >"$tmp/gui.out" 2>&1
rc=$?
if [ $rc -eq 0 ] && [ -z "$(log_errors)" ]; then
  pass "gui opens offscreen and quits by itself ($(elapsed "$t0") s)"
elif [ $rc -eq 2 ] && grep -q "unrecognized arguments: --smoke-exit-after" "$tmp/gui.out"; then
  fresh_log
  QT_QPA_PLATFORM=offscreen timeout 15 "$exe" gui >"$tmp/gui.out" 2>&1
  rc=$?
  if [ $rc -eq 124 ] && [ -z "$(log_errors)" ]; then
    pass "gui opens offscreen and runs 15 s without errors (no --smoke-exit-after option: the clean close is checked under Xvfb)"
  else
    tail -n 30 "$tmp/gui.out" >&2; log_errors >&2; fail "gui offscreen (exit status $rc)"
  fi
else
  tail -n 30 "$tmp/gui.out" >&2; log_errors >&2; fail "gui offscreen (exit status $rc)"
fi

# 5b. a real X server (Xvfb, Qt's xcb platform): the main window appears, the first-run check
#     (the doctor, run by the GUI) finishes, then closing the window as a person would
#     (WM_DELETE_WINDOW) makes the app exit 0.
if ! command -v Xvfb >/dev/null; then
  fail "gui under X11: Xvfb is not installed (Debian: apt install xvfb)"
else
  fresh_log
  rm -f "$XDG_CONFIG_HOME/interviewer/settings.json"  # a first run again: the welcome check shows
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$tmp/display" 2>"$tmp/xvfb.err" &
  xvfb_pid=$!
  for _ in $(seq 1 100); do [ -s "$tmp/display" ] && break; sleep 0.1; done
  xwin() { DISPLAY=":$(cat "$tmp/display")" "$VENV/bin/python" packaging/x11_windows.py "$@"; }
  t0=$(date +%s.%N)
  DISPLAY=":$(cat "$tmp/display")" QT_QPA_PLATFORM=xcb "$exe" gui >"$tmp/gui-x11.out" 2>&1 &
  gui_pid=$!
  if title="$(xwin wait "Interviewer:" 120)"; then
    shown="$(elapsed "$t0")"
    checks="$(xwin wait "Welcome:" 120 --not "checking" || echo "(the first-run check did not finish)")"
    checked="$(elapsed "$t0")"
    xwin close "Interviewer:"
    t1=$(date +%s.%N)
    for _ in $(seq 1 300); do kill -0 "$gui_pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$gui_pid" 2>/dev/null; then
      kill "$gui_pid"; wait "$gui_pid" 2>/dev/null
      fail "gui under X11: still running 60 s after its window was closed"
    else
      wait "$gui_pid"; rc=$?
      if [ $rc -eq 0 ] && [ -z "$(log_errors)" ] && [[ "$checks" == Welcome:* ]]; then
        pass "gui under X11: window in $shown s, first-run check '$checks' at $checked s, closed cleanly in $(elapsed "$t1") s"
      else
        tail -n 30 "$tmp/gui-x11.out" >&2; log_errors >&2
        fail "gui under X11: exit status $rc after closing; $checks"
      fi
    fi
  else
    kill "$gui_pid" 2>/dev/null; wait "$gui_pid" 2>/dev/null
    tail -n 30 "$tmp/gui-x11.out" >&2; log_errors >&2
    fail "gui under X11: no main window within 120 s"
  fi
  kill "$xvfb_pid" 2>/dev/null; wait "$xvfb_pid" 2>/dev/null
fi

# 6. every bundled Qt library finds the Qt libraries it links to
if [ $frozen -eq 1 ]; then
  qtdir="$(dirname "$exe")/_internal/PySide6"
  nlibs="$(find "$qtdir" -name '*.so*' -type f 2>/dev/null | wc -l)"
  missing="$(find "$qtdir" -name '*.so*' -type f -print0 2>/dev/null \
    | xargs -0 -r ldd 2>/dev/null | grep -E 'libQt6[^ ]* => not found' | sort -u)"
  if [ "$nlibs" -eq 0 ]; then fail "no Qt libraries in $qtdir"
  elif [ -z "$missing" ]; then pass "the $nlibs bundled Qt libraries and plugins resolve each other"
  else echo "$missing"; fail "Qt libraries missing from the bundle"; fi
fi

echo
if [ $frozen -eq 1 ]; then echo "smoke test of $dist ($(du -sh "$dist" | cut -f1)):"
else echo "smoke test of $exe (not a frozen build):"; fi
printf '  %s\n' "${results[@]}"
if [ $failed -ne 0 ]; then echo "smoke: FAILED"; exit 1; fi
echo "smoke: all passed"
