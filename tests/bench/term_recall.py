"""Technical-term recall and inserted terms, as the app transcribes (shared by bench_whisper's
"biasing" and "models" sections).

The sets, each transcribed with the terms passed as vocabulary:
- dev: :mod:`tests.fixtures.sample_answers` (espeak-ng, one voice; the terms of the term check
  were chosen on it), the technical answers and the 2-minute answer for recall, the plain,
  look-alike and filler answers for insertions;
- held-out: :mod:`tests.fixtures.term_answers` (written afterwards, other questions, other
  voices and speeds; never tuned on), each with its question's own terms; the same answers
  again in a neural voice (Piper's "joe", from a package), a second synthesiser; and 20 fresh
  answers (:mod:`tests.fixtures.term_answers_fresh`, written later by another author) in the
  neural voice at several speeds;
- tuning (``--tuning-sets``): 88 answers (64 using the terms) by two later authors, in espeak-ng
  voices and in the neural voice, for looking at misses and tuning (:func:`tuning_sets`);
- the neural voice speaks without its sampling noise (``exact``), so every run measures the
  same audio (with the noise, the fresh answers' recall moved between 86% and 92% from run to
  run);
- real speech: the real-speech pack (people reading and talking, no deep-learning terms),
  with every technical question's terms at once: any term written is an insertion.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

SR = 16000


Clip = tuple[str, list[str], Any, bool]  # reference, the question's terms, audio, has the terms


def _answer_clips(module: Any, speak: Callable[[tuple[Any, ...], Path], Path],
                  workdir: Path, prefix: str) -> list[Clip]:
    """A term set's answers (``module.POSITIVE`` then ``module.NEGATIVE``, each item
    starting with its question id and ending with its text), spoken by ``speak(item, path)``
    into ``workdir``, each with its question's own terms."""
    from interviewer.core.bank import load_bundled_bank
    from interviewer.speech.audio_file import load_audio
    from interviewer.speech.vocabulary import terms_for

    bank = load_bundled_bank()
    out = []
    for positive, items in ((True, module.POSITIVE), (False, module.NEGATIVE)):
        for i, item in enumerate(items):
            path = speak(item, workdir / f"{prefix}-{positive}-{i}.wav")
            out.append((item[-1], terms_for(bank.get(item[0])), load_audio(path), positive))
    return out


def _espeak(item: tuple[Any, ...], path: Path) -> Path:
    """An item (question id, espeak-ng voice, words per minute, text) in its voice and speed."""
    from tests.fixtures.speech_samples import synth_speech

    _, voice, wpm, text = item
    return synth_speech(text, path, wpm=wpm, voice=voice)


def _neural(item: tuple[Any, ...], path: Path) -> Path:
    """An item's text in the neural voice, without its noise; at the item's pace when it has
    one (question id, length scale, text)."""
    from tests.fixtures.speech_samples import neural_speech

    pace = item[1] if len(item) == 3 else 1.0
    return neural_speech(item[-1], path, length_scale=pace, exact=True)


def held_out_clips(workdir: Path, *, neural: bool = False) -> list[Clip]:
    """Each held-out answer in its espeak-ng voice and speed, or with ``neural`` in Piper's
    neural voice."""
    from tests.fixtures import term_answers

    return _answer_clips(term_answers, _neural if neural else _espeak, workdir,
                         f"terms-{'neural' if neural else 'espeak'}")


def dev_clips(refs: dict[str, str], audios: dict[str, Any]) -> list[tuple[str, Any, bool]]:
    """(reference, audio, has the terms) of the sample answers, as ``measure`` takes them."""
    from tests.fixtures import sample_answers as sa

    dev = [(refs[k], audios[k], True) for k in [*sa.TECHNICAL, "long120"]]
    return dev + [(refs[k], audios[k], False) for k in [*sa.PLAIN, "lookalikes", "fillers"]]


def fresh_clips(workdir: Path) -> list[Clip]:
    """The fresh held-out answers (:mod:`tests.fixtures.term_answers_fresh`) in the neural
    voice, each at its own speed."""
    from tests.fixtures import term_answers_fresh

    return _answer_clips(term_answers_fresh, _neural, workdir, "terms-fresh")


def tuning_sets(workdir: Path) -> dict[str, list[Clip]]:
    """The tuning answers (:mod:`tests.fixtures.term_answers_tune_a`, in espeak-ng's voices
    and speeds, and :mod:`~tests.fixtures.term_answers_tune_b`, in the neural voice without
    its noise): written later than the held-out sets by two other authors, to be looked at
    and tuned on (``--tuning-sets``)."""
    from tests.fixtures import term_answers_tune_a, term_answers_tune_b

    return {"tuning A, espeak-ng voices":
            _answer_clips(term_answers_tune_a, _espeak, workdir, "tune-a"),
            "tuning B, neural voice":
            _answer_clips(term_answers_tune_b, _neural, workdir, "tune-b")}


def held_out_sets(workdir: Path) -> dict[str, list[tuple[str, list[str], Any, bool]]]:
    """The held-out answers in espeak-ng's voices and in the neural voice, and the fresh
    answers in the neural voice."""
    return {"held-out": held_out_clips(workdir),
            "held-out, neural voice": held_out_clips(workdir, neural=True),
            "fresh, neural voice": fresh_clips(workdir)}


def all_question_terms() -> list[str]:
    from interviewer.core.bank import load_bundled_bank
    from interviewer.speech.vocabulary import terms_for

    return sorted({t for q in load_bundled_bank().questions for t in terms_for(q)})


def measure(transcribe: Callable[[Any, list[str]], str], dev: list[tuple[str, Any, bool]],
            held_out: dict[str, list[tuple[str, list[str], Any, bool]]],
            real: list[tuple[str, Any]]) -> dict[str, tuple[int, int, int]]:
    """Per set: (found, expected, inserted). ``dev``: (reference, audio, has the terms), with
    the sample answers' terms; ``held_out``: each held-out set by name (espeak-ng voices, the
    neural voice); ``real``: (reference, audio)."""
    from tests.fixtures import sample_answers as sa
    from tests.fixtures.wer import term_insertions, term_recall

    def run(items: list[tuple[str, list[str], Any, bool]]) -> tuple[int, int, int]:
        found = expected = inserted = 0
        for ref, terms, audio, positive in items:
            text = transcribe(audio, terms)
            if positive:
                f, n = term_recall(terms, ref, text)
                found, expected = found + f, expected + n
            inserted += term_insertions(terms, ref, text)
        return found, expected, inserted

    every = all_question_terms()
    return {
        "dev": run([(r, list(sa.TERMS), a, p) for r, a, p in dev]),
        **{name: run(items) for name, items in held_out.items()},
        "real speech": run([(r, every, a, False) for r, a in real]),
    }


def rows(label: str, figures: dict[str, tuple[int, int, int]], *, goal: bool
         ) -> list[tuple[str, str, str]]:
    out = []
    for name, (found, expected, inserted) in figures.items():
        rec = f"{found}/{expected} = {found / expected:.0%}" if expected else "-"
        note = f"terms inserted: {inserted}"
        if goal and name != "dev" and not name.startswith("tuning"):
            met = (not expected or found / expected >= 0.9) and not inserted
            note += "; target >= 90% and none inserted: " + ("met" if met else "NOT met")
        out.append((f"term recall {label}, {name}", rec, note))
    return out
