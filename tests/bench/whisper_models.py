"""bench_whisper's "models" section: every installed model, measured the way the app runs it.

For each model the catalogue can load offline (ready or in an installed pack), with the app's
defaults (filler pass on, torch's default threads, greedy): WER and real-time factor on the
real-speech pack; technical-term recall on espeak-ng answers that use the terms and inserted
terms on answers that omit them and on real speech (the question's terms passed as vocabulary,
as the app does; the pack has no real recordings of deep-learning terms; see
``term_recall.py``); the 2-minute real answer streamed at real time (stop -> final, first live
words, incremental vs batch WER); peak RSS in a fresh process. Then the model the app
recommends here (``interviewer models recommend``'s measure).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

SR = 16000
Row = tuple[str, str, str]


def installed_models(models_dir: Path) -> list[str]:
    from interviewer.speech.catalogue import Catalogue, ModelState
    from interviewer.speech.model_choice import size_of

    names = [s.name for s in Catalogue(models_dir).statuses()
             if s.state in (ModelState.READY, ModelState.PREPARABLE)]
    return sorted(names, key=size_of)


def app_engine(name: str, models_dir: Path) -> Any:
    from interviewer.speech.config import EngineConfig
    from interviewer.speech.engine import WhisperEngine

    engine = WhisperEngine(EngineConfig(model=name, device="cpu", models_dir=models_dir,
                                        filler_prompt=True, filler_method="merge"))
    engine.warm_up()
    return engine


def model_rows(name: str, models_dir: Path, espeak: dict[str, Any], refs: dict[str, str],
               real_answer: tuple[Any, str, str], *, held_out: dict[str, list[Any]],
               pace: float) -> list[Row]:
    from interviewer.speech.audio_file import load_audio
    from tests.bench.bench_whisper import _stream_timed
    from tests.fixtures.real_speech import load_clips
    from tests.fixtures.wer import wer

    engine = app_engine(name, models_dir)
    rows: list[Row] = []
    real = load_clips()
    seconds = 0.0
    t0 = time.perf_counter()
    total = words = 0.0
    for c in real.values():
        audio = load_audio(c.path)
        seconds += len(audio) / SR
        n = len(c.text.split())
        total += wer(c.text, engine.transcribe(audio).text) * n
        words += n
    dt = time.perf_counter() - t0
    rows.append((f"[{name}] real speech ({len(real)} clips): WER, RTF with fillers",
                 f"{total / words:.3f}, {dt / seconds:.3f}", "word-weighted"))

    from tests.bench import term_recall as tr

    figures = tr.measure(lambda a, t: engine.transcribe(a, vocabulary=t).text,
                         tr.dev_clips(refs, espeak), held_out,
                         [(c.text, load_audio(c.path)) for c in real.values()])
    rows.extend(tr.rows(f"[{name}]", figures, goal=True))

    audio, ref, _what = real_answer
    dt, text, stats, first = _stream_timed(engine, audio, pace)
    batch = engine.transcribe(audio).text
    w_inc, w_batch = wer(ref, text), wer(ref, batch)
    rows.append((f"[{name}] real 2-minute answer streamed: stop->final, first words",
                 f"{dt:.2f} s, {first:.1f} s",
                 "targets <= 1.5 s, <= 2 s: " + ("met" if dt <= 1.5 and first <= 2 else
                                                 "NOT met") + f" ({stats})"))
    rows.append((f"[{name}]   WER incremental / batch", f"{w_inc:.3f} / {w_batch:.3f}",
                 "target incremental <= batch + 0.01: "
                 + ("met" if w_inc - w_batch <= 0.01 else "NOT met")))
    mb = child_rss(name, models_dir)
    rows.append((f"[{name}] peak RSS, fresh process, app defaults, one real clip transcribed",
                 f"{mb:.0f} MB", ("target <= 700 MB: " + ("met" if mb <= 700 else "NOT met"))
                 if name == "tiny.en" else ""))
    return rows


def child_rss(name: str, models_dir: Path) -> float:
    out = subprocess.run([sys.executable, "-m", "tests.bench.whisper_models", "--child-rss",
                          name, str(models_dir)], capture_output=True, text=True, check=True,
                         timeout=1200)
    return float(json.loads(out.stdout.strip().splitlines()[-1])["peak_mb"])


def recommendation_rows(models_dir: Path, work: Path) -> list[Row]:
    from interviewer.speech.catalogue import Catalogue
    from interviewer.speech.engine import WhisperEngine
    from interviewer.speech.recommend import Recommender

    def make(name: str, device: str) -> WhisperEngine:
        from interviewer.speech.config import EngineConfig

        return WhisperEngine(EngineConfig(model=name, device=device, models_dir=models_dir,
                                          filler_prompt=True, filler_method="merge"))

    rec = Recommender(Catalogue(models_dir), make, work / "recommendation.json",
                      fillers=True, device="cpu").measure()
    rows: list[Row] = []
    for f in rec.models:
        rows.append((f"recommend: {f.name} on the bundled clip",
                     "not measured" if not f.ok else
                     f"tail {f.tail_s or 0:.2f} s, first words {f.first_words_s or 0:.2f} s, "
                     f"RTF+fillers {f.rtf_fillers or 0:.2f}, WER {f.wer or 0:.3f}", f.note))
    rows.append(("model the app recommends here", f"{rec.model} (beam {rec.beam_size or 1})",
                 rec.reason))
    return rows


def _child(name: str, models_dir: str) -> None:
    from interviewer.speech.audio_file import load_audio
    from tests.bench.bench_whisper import _peak_rss_mb
    from tests.fixtures.real_speech import load_clips

    engine = app_engine(name, Path(models_dir))
    clip = load_clips()["librivox-sonnet-1"]
    engine.transcribe(load_audio(clip.path))
    print(json.dumps({"peak_mb": _peak_rss_mb()}))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child-rss":
        _child(sys.argv[2], sys.argv[3])
