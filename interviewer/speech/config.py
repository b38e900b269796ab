"""What the Whisper engine needs to know, passed in by the composition root (GUI or CLI)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# Whisper keeps fillers ("um", "uh") only when its prompt contains some. Measured on tiny.en it
# costs WER elsewhere, so the engine uses it as decided in ``filler_prompt_mode`` (see engine.py).
DEFAULT_FILLER_PROMPT = "Umm, let me think like, hmm... Okay, here's what I'm, like, thinking."


def default_threads(cpu_count: int | None) -> int:
    """Half the cores, 1 to 4. Whisper's token loop is thousands of small operations, each
    ending at a barrier of torch's thread pool; when another thread holds a core (the recorder,
    the window, the voice detector, any other program) every barrier waits for the scheduler.
    Measured on the 2-core test machine under load (real-speech pack, 96 s, tiny.en, filler
    pass): 2 threads 148-270 s, 1 thread 20-58 s, 1 thread with 2 for the encoder 24-69 s."""
    return max(1, min(4, (cpu_count or 2) // 2))


@dataclass(frozen=True)
class EngineConfig:
    """Settings of one :class:`~interviewer.speech.engine.WhisperEngine`.

    ``model_path``: a checkpoint the person chose (wins over the catalogue).
    ``whisper_cache_dir``: openai-whisper's own cache (``~/.cache/whisper``); None = not used.
    ``filler_prompt``: keep "um"/"uh" in the transcript. ``filler_method`` says how: "merge"
    (a plain pass for the words plus a prompted pass whose fillers are merged in by time:
    twice the decoding work, no accuracy cost) or "prompt" (one pass with the filler prompt:
    cheaper, but measured worse on the other words).
    ``threads``: torch CPU threads for decoding (0 = :func:`default_threads`).
    ``fast_decode``: the exact shortcuts of :mod:`interviewer.speech.fast_decode` (an encoder
    cache, no logits for prompt tokens, a key/value cache grown in place, screened vocabulary
    logits) and word timings aligned by :mod:`interviewer.speech.dtw` instead of numba and by
    :mod:`interviewer.speech.word_alignment` with less memory: same words, less work and
    memory. Off only to measure them.
    ``vocabulary_mode``: how question terms bias recognition: "check" (runs that spell roughly
    like a term are scored again by the model with the term in their place, and the term is
    written where the audio supports it: :mod:`~interviewer.speech.term_check`), "correct"
    (fuzzy post-correction of unsure words by spelling alone), "prompt" (a short glossary
    prompt), "both" (correct and prompt), "prompt+check" (the glossary prompt, then the
    check) or "off".
    """

    model: str = "tiny.en"
    model_path: str = ""
    device: str = "auto"
    allow_download: bool = False
    models_dir: Path = field(default_factory=lambda: Path("models"))
    whisper_cache_dir: Path | None = None
    filler_prompt: bool = False
    filler_method: str = "merge"
    threads: int = 0
    beam_size: int | None = None
    vocabulary_mode: str = "check"
    window_s: float = 300.0
    fast_decode: bool = True

    @property
    def prompts_terms(self) -> bool:
        """The question's terms go into the prompt as a glossary."""
        return self.vocabulary_mode in ("prompt", "both", "prompt+check")

    @property
    def checks_terms(self) -> bool:
        """The question's terms are checked against the audio (term_check)."""
        return self.vocabulary_mode in ("check", "prompt+check")

    @property
    def corrects_terms(self) -> bool:
        """Unsure words are corrected towards the terms by spelling alone."""
        return self.vocabulary_mode in ("correct", "both")
