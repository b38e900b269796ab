"""A two-minute "answer" of real speech from the real-speech pack, streamed at real time through
the app's incremental path (bench_whisper's "stream-real" and "models" sections)."""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path
from typing import Any

SR = 16000


def first_voiced_s(audio: Any) -> float:
    from interviewer.speech import vad

    spans = vad.voiced_spans(audio)
    return spans[0][0] if spans else 0.0


def real_answer(clips: dict[str, Any], audios: dict[str, Any],
                 seconds: float = 120.0) -> tuple[Any, str, str]:
    """A ~2-minute "answer" from the real-speech pack: its clips in a fixed order (all of them,
    then again from the start until ``seconds``), joined by pauses of 0.4-1.6 s (fixed seed),
    0.7 s of silence after the last word (the click on stop). Returns (audio, text, what)."""
    import numpy as np

    rng = np.random.default_rng(12)
    order = sorted(audios, key=lambda k: (clips[k].speaker, k))
    parts: list[Any] = [np.zeros(int(0.8 * SR), np.float32)]
    texts: list[str] = []
    used: list[str] = []
    total = 0.8
    i = 0
    while total < seconds - 2:
        k = order[i % len(order)]
        i += 1
        a = audios[k]
        if total + len(a) / SR > seconds + 5 and i > len(order):
            continue
        pause = float(rng.uniform(0.4, 1.6))
        parts += [a, np.zeros(int(pause * SR), np.float32)]
        texts.append(clips[k].text)
        used.append(k)
        total += len(a) / SR + pause
        if i > 4 * len(order):
            break
    parts.append(np.zeros(int(0.7 * SR), np.float32))
    speakers = len({clips[k].speaker for k in used})
    what = f"{len(used)} clips of {speakers} speakers, {len(set(used))} different"
    return np.concatenate(parts), " ".join(texts), what


def stream_real(models_dir: Path, pace: float, runs: int) -> list[tuple[str, str, str]]:
    """The issue's table: a 2-minute answer of real speech streamed at real time through the
    app's incremental path with the app's default settings (filler pass on, the engine's default
    thread count), against faster-whisper (int8, greedy, as many threads) on the whole file
    after stop."""
    from faster_whisper import WhisperModel

    from interviewer.speech.audio_file import load_audio
    from interviewer.speech.catalogue import KNOWN_MODELS, pack_files
    from interviewer.speech.config import EngineConfig
    from interviewer.speech.engine import WhisperEngine
    from tests.bench.bench_whisper import _fw_text, _stream_timed, after_stop
    from tests.fixtures.real_speech import load_clips
    from tests.fixtures.wer import wer

    real = load_clips()
    audio, ref, what = real_answer(real, {k: load_audio(c.path) for k, c in real.items()})
    dur = len(audio) / SR
    app = WhisperEngine(EngineConfig(device="cpu", models_dir=models_dir, filler_prompt=True,
                                     filler_method="merge"))
    app.warm_up()
    threads = app.threads
    files = pack_files(KNOWN_MODELS["tiny.en"].pack)  # type: ignore[arg-type]
    assert files is not None
    fw = WhisperModel(str(files[1].parent), device="cpu", compute_type="int8",
                      cpu_threads=threads)
    _fw_text(fw, audio[: SR * 5], 1)  # warm
    lat, first, wers, stats = [], [], [], []
    for _ in range(max(1, runs)):
        dt, text, st, fst = _stream_timed(app, audio, pace)
        lat.append(dt)
        first.append(fst)
        wers.append(wer(ref, text))
        stats.append(st)
        print(f"  real streamed: stop->final {dt:.2f} s, first words after {fst:.1f} s "
              f"({st})", file=sys.stderr, flush=True)
        if os.environ.get("BENCH_SHOW_TEXT"):
            print(f"    REF: {ref}\n    INC: {text}", file=sys.stderr)
    # the app passes the question's terms: one run more with the most terms the bank gives a
    # question, so the term check's cost is in the figures (this speech never says them)
    terms = _most_terms()
    t_dt, t_text, _, t_first = _stream_timed(app, audio, pace, vocabulary=terms)
    print(f"  real streamed with {len(terms)} terms: stop->final {t_dt:.2f} s, first words "
          f"after {t_first:.1f} s", file=sys.stderr, flush=True)
    batch, ours_after, fw_text, fw_after = after_stop(app, fw, audio)
    if os.environ.get("BENCH_SHOW_TEXT"):
        print(f"    BAT: {batch}\n    FW:  {fw_text}", file=sys.stderr)
    p50, f50 = statistics.median(lat), statistics.median(first)
    w_inc, w_batch = statistics.mean(wers), wer(ref, batch)
    n = len(lat)
    name = f"real answer {dur:.0f} s ({what}), app defaults, {threads} threads"
    return [
        (f"{name}: stop->final (p50 of {n})", f"{p50:.2f} s",
         f"runs {', '.join(f'{x:.2f}' for x in lat)}; target <= 1.5 s: "
         + ("met" if p50 <= 1.5 else "NOT met")),
        ("  first live words after (s of speech, p50)", f"{f50:.1f} s",
         "target <= 2 s: " + ("met" if f50 <= 2 else "NOT met")),
        ("  WER incremental / batch / faster-whisper int8",
         f"{w_inc:.3f} / {w_batch:.3f} / {wer(ref, fw_text):.3f}",
         f"incremental - batch {100 * (w_inc - w_batch):+.1f} points; target <= +1: "
         + ("met" if w_inc - w_batch <= 0.01 else "NOT met")),
        (f"  with a question's {len(terms)} terms (1 run): stop->final / first words / WER",
         f"{t_dt:.2f} s / {t_first:.1f} s / {wer(ref, t_text):.3f}",
         "the app passes the question's terms (term check on)"),
        ("  batch after stop: ours / faster-whisper int8",
         f"{ours_after:.1f} s / {fw_after:.1f} s = {ours_after / fw_after:.2f}x", ""),
        ("  scheduler", stats[len(stats) // 2], ""),
    ]


def _most_terms() -> tuple[str, ...]:
    from interviewer.core.bank import load_bundled_bank
    from interviewer.speech.vocabulary import terms_for

    return tuple(max((terms_for(q) for q in load_bundled_bank().questions), key=len))
