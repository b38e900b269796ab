"""The Whisper engine: openai-whisper on torch, fed 16 kHz float32 arrays (no ffmpeg).

Long audio is cut into windows at pauses (found by the VAD, see vad.py) so memory stays bounded, and
stretches of silence longer than ``_SKIP_GAP_S`` are never decoded (no text invented over
silence, and faster). Thread rules: ``load`` and ``transcribe`` may run on any worker thread;
one lock serialises use of the model.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewer.core.errors import InterviewerError
from interviewer.core.transcript import Segment, Transcript, Word
from interviewer.speech import guards, vad
from interviewer.speech.catalogue import Catalogue
from interviewer.speech.config import DEFAULT_FILLER_PROMPT, EngineConfig, default_threads
from interviewer.speech.device import DeviceChoice, choose_device
from interviewer.speech.fillers import merge_fillers
from interviewer.speech.term_check import TermCheck
from interviewer.speech.vocabulary import CorrectionParams, correct_segments, glossary_prompt

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

SAMPLE_RATE = 16000
Progress = Callable[[float], None]
_SKIP_GAP_S = 2.0  # silences longer than this are skipped (clip boundaries)
_PAD_S = 0.25


class ModelLoadError(InterviewerError):
    """The checkpoint exists but cannot be loaded."""


class DecodeCancelled(Exception):
    """A decode was stopped because its ``cancel`` callable said so (not an error)."""


class WhisperEngine:
    """One loaded Whisper model. Build with an :class:`EngineConfig`; call :meth:`load` off the
    GUI thread (it may convert the offline pack the first time)."""

    def __init__(self, config: EngineConfig, *, catalogue: Catalogue | None = None,
                 device_chooser: Callable[[str], DeviceChoice] = choose_device) -> None:
        self.config = config
        self.catalogue = catalogue or Catalogue(
            config.models_dir, whisper_cache_dir=config.whisper_cache_dir,
            allow_download=config.allow_download)
        self._choose = device_chooser
        self._choice: DeviceChoice | None = None
        self._model: Any = None
        self._lock = threading.RLock()
        self.checkpoint: Path | None = None
        self.guard_params = guards.GuardParams()
        self._default_threads = default_threads(os.cpu_count())  # read per decoder step

    # ------------------------------------------------------------------ loading
    @property
    def device_choice(self) -> DeviceChoice:
        if self._choice is None:
            self._choice = self._choose(self.config.device)
        return self._choice

    @property
    def threads(self) -> int:
        """Torch CPU threads used for decoding (see :func:`config.default_threads`)."""
        return self.config.threads or self._default_threads

    def _keep_threads(self, _module: Any, _args: Any) -> None:
        """Before each decoder step: the count is kept per thread, and numba (word timings)
        changes it in the thread that first runs it."""
        import torch

        if torch.get_num_threads() != self.threads:
            torch.set_num_threads(self.threads)

    @property
    def loaded(self) -> bool:
        return self._model is not None

    @property
    def model_name(self) -> str:
        return Path(self.config.model_path).stem if self.config.model_path else self.config.model

    def load(self, progress: Progress | None = None) -> None:
        """Resolve (prepare once if needed) and load the checkpoint strictly."""
        with self._lock:
            if self._model is not None:
                return
            import torch
            import whisper
            from whisper.model import ModelDimensions, Whisper

            torch.set_num_threads(self.threads)
            path = self.catalogue.resolve(self.config.model, self.config.model_path, progress)
            choice = self.device_choice
            try:
                ckpt = torch.load(path, map_location="cpu", weights_only=True)
                dims = ModelDimensions(**ckpt["dims"])
                model = Whisper(dims)
                model.load_state_dict(ckpt["model_state_dict"], strict=True)
            except (OSError, RuntimeError, KeyError, TypeError, ValueError) as exc:
                raise ModelLoadError(
                    f"The model checkpoint {path} cannot be loaded ({type(exc).__name__}); "
                    "delete it and prepare the model again.") from exc
            heads = ckpt.get("alignment_heads")
            if heads is None:
                heads = _builtin_heads(self.model_name, dims)
            if heads is not None:
                model.set_alignment_heads(heads)
            del ckpt
            self._model = model.to(choice.device).eval()
            if choice.device == "cpu":
                self._model.decoder.register_forward_pre_hook(self._keep_threads)
            if self.config.fast_decode:
                from whisper.tokenizer import get_tokenizer

                from interviewer.speech.fast_decode import accelerate

                accelerate(self._model, get_tokenizer(model.is_multilingual,
                                                      num_languages=model.num_languages))
            if self.config.fast_decode or self.config.checks_terms:
                from whisper import timing

                from interviewer.speech.dtw import use_numpy_dtw
                from interviewer.speech.word_alignment import use_lean_alignment

                if self.config.fast_decode:
                    use_numpy_dtw(timing)  # no numba compile: ~75 MB less peak memory
                use_lean_alignment(timing)  # ~50 MB less peak memory; runs the term check
            if choice.device == "cuda":
                avoid_per_shape_attention_plans(torch)
            self._whisper = whisper
            self.checkpoint = path
            log.info("loaded %s from %s on %s (%s)", self.model_name, path, choice.device,
                     choice.reason)

    def warm_up(self) -> float:
        """Load, then pay the one-off costs of the first transcription now (module imports,
        tokenizer, torch's first calls, and for word timestamps numba's DTW compile on the CPU or
        the CUDA kernels on a GPU). Call it in the loading worker. Returns the seconds it took;
        a failure is logged, never raised (the real answer will tell)."""
        import numpy as np

        self.load()
        t0 = time.perf_counter()
        rng = np.random.default_rng(0)
        t = np.arange(SAMPLE_RATE * 2) / SAMPLE_RATE
        # two seconds of a voiced-like buzz with noise: runs decoding end to end
        audio = (0.1 * np.sin(2 * np.pi * 150 * t) * (1 + np.sin(2 * np.pi * 3 * t))
                 + 0.02 * rng.standard_normal(len(t))).astype(np.float32)
        try:
            self.transcribe_clips(audio, [(0.0, 2.0)], filler=False)
            self._warm_alignment(audio)  # the buzz may give no words: align a known text
        except Exception:
            log.info("warm-up failed", exc_info=True)
        elapsed = time.perf_counter() - t0
        log.info("warm-up took %.2f s", elapsed)
        return elapsed

    def _warm_alignment(self, audio: np.ndarray) -> None:
        from whisper.audio import N_FRAMES, log_mel_spectrogram, pad_or_trim
        from whisper.timing import find_alignment
        from whisper.tokenizer import get_tokenizer

        model = self.model
        with self._lock:
            mel = log_mel_spectrogram(audio, model.dims.n_mels)
            mel = pad_or_trim(mel, N_FRAMES).to(model.device)
            if self.device_choice.fp16:
                mel = mel.half()
            tok = get_tokenizer(model.is_multilingual, num_languages=model.num_languages,
                                language="en", task="transcribe")
            find_alignment(model, tok, tok.encode(" one two three"), mel,
                           len(audio) // 160)

    def forget_encodings(self) -> None:
        """Drop the encoder outputs kept for reuse (``fast_decode``), so that the next decode
        pays for encoding as a new answer does (used when timing the engine)."""
        if self._model is not None and hasattr(self._model.encoder, "clear"):
            with self._lock:
                self._model.encoder.clear()

    @property
    def model(self) -> Any:
        if self._model is None:
            self.load()
        return self._model

    # ------------------------------------------------------------------ transcription
    def prompt_for(self, vocabulary: Sequence[str] = (), filler: bool | None = None) -> str | None:
        """The prompt of the main pass. With ``filler_method == "merge"`` the filler prompt goes
        to a second pass instead (see :meth:`transcribe_clips`)."""
        parts = []
        if self.config.prompts_terms and vocabulary:
            parts.append(glossary_prompt(vocabulary))
        if self._fillers(filler) and self.config.filler_method == "prompt":
            parts.append(DEFAULT_FILLER_PROMPT)
        return " ".join(parts) or None

    def _fillers(self, filler: bool | None) -> bool:
        return self.config.filler_prompt if filler is None else filler

    def transcribe(self, audio: np.ndarray, *, vocabulary: Sequence[str] = (),
                   progress: Progress | None = None, filler: bool | None = None) -> Transcript:
        """Transcribe a whole answer (16 kHz mono float32) into a timed transcript."""
        import numpy as np

        audio = np.asarray(audio, dtype=np.float32).reshape(-1)
        duration = len(audio) / SAMPLE_RATE
        spans = vad.voiced_spans(audio)
        windows = plan_windows(spans, duration, self.config.window_s)
        total = sum(b - a for w in windows for a, b in w) or 1.0
        done = 0.0
        segments: list[Segment] = []
        prompt = self.prompt_for(vocabulary, filler)
        for clips in windows:
            w0, w1 = clips[0][0], clips[-1][1]
            chunk = audio[int(w0 * SAMPLE_RATE):int(np.ceil(w1 * SAMPLE_RATE))]
            rel = [(a - w0, b - w0) for a, b in clips]
            segments.extend(self.transcribe_clips(chunk, rel, offset_s=w0, prompt=prompt,
                                                  filler=filler, vocabulary=vocabulary))
            done += sum(b - a for a, b in clips)
            if progress is not None:
                progress(min(1.0, done / total))
        if progress is not None:
            progress(1.0)
        return self.finish_segments(segments, spans, duration, vocabulary)

    def finish_segments(self, segments: Sequence[Segment], spans: Sequence[tuple[float, float]],
                        duration: float, vocabulary: Sequence[str]) -> Transcript:
        segs = guards.guard_segments(segments, spans, self.guard_params)
        if vocabulary and self.config.corrects_terms:
            segs = correct_segments(segs, vocabulary)
        elif vocabulary and self.config.checks_terms:
            # the audio has had its say (term_check); here only the spelling ("relu" -> "ReLU")
            segs = correct_segments(segs, vocabulary, CorrectionParams(min_similarity=1.0))
        return Transcript(segments=tuple(segs), language="en", duration_s=round(duration, 3),
                          voiced=tuple(spans))

    def transcribe_clips(self, audio: np.ndarray, clips: Sequence[tuple[float, float]], *,
                         offset_s: float = 0.0, prompt: str | None = None,
                         filler: bool | None = None, quick: bool = False,
                         cancel: Callable[[], bool] | None = None,
                         vocabulary: Sequence[str] = ()) -> list[Segment]:
        """Decode the given (start, end) clips of ``audio``; times shifted by ``offset_s``.

        With fillers wanted and ``filler_method == "merge"``, a second pass with the filler
        prompt runs and only its "um"/"uh" words are merged into the first pass's words.
        ``quick``: a provisional look (greedy even when the config asks for beam search, no
        filler pass). Word timestamps stay on: without them openai-whisper's seek can stop
        advancing on some clips (not investigated further). ``cancel`` is polled at every
        decoder step; when it returns True the decode stops with :class:`DecodeCancelled`.
        ``vocabulary``: the question's terms, checked against the audio in the main pass when
        ``vocabulary_mode`` is "check" (:mod:`~interviewer.speech.term_check`).
        """
        if quick:
            return self._decode_clips(audio, clips, offset_s, prompt, quick=True, cancel=cancel)
        check = (TermCheck(tuple(vocabulary))
                 if vocabulary and self.config.checks_terms else None)
        segs = self._decode_clips(audio, clips, offset_s, prompt, cancel=cancel, check=check)
        if segs and self._fillers(filler) and self.config.filler_method == "merge":
            second = " ".join(p for p in (prompt, DEFAULT_FILLER_PROMPT) if p)
            segs = merge_fillers(segs, self._decode_clips(audio, clips, offset_s, second,
                                                          cancel=cancel))
        return segs

    def _decode_clips(self, audio: np.ndarray, clips: Sequence[tuple[float, float]],
                      offset_s: float, prompt: str | None, *, quick: bool = False,
                      cancel: Callable[[], bool] | None = None,
                      check: TermCheck | None = None) -> list[Segment]:
        if not clips:
            return []
        model = self.model
        # openai-whisper loops forever on a clip ending past the last whole mel frame (its
        # window shrinks to 0 frames and seek stops moving): clamp ends to that frame
        limit = (len(audio) // 160) / 100
        flat = [round(min(t, limit), 3) for c in clips for t in c]
        if flat[-1] <= flat[-2]:
            flat = flat[:-2]
        if not flat:
            return []
        choice = self.device_choice
        opts: dict[str, Any] = {}
        if self.config.beam_size and not quick:
            opts["beam_size"] = self.config.beam_size
        t0 = time.perf_counter()
        with self._lock:
            hook = None
            if cancel is not None:
                def stop_if_cancelled(_m: Any, _args: Any, kwargs: dict[str, Any]) -> None:
                    # only in the token loop (it has a kv cache and cleans up in `finally`);
                    # never in word alignment, whose attention hooks would be left behind
                    if kwargs.get("kv_cache") is not None and cancel():
                        raise DecodeCancelled
                hook = model.decoder.register_forward_pre_hook(stop_if_cancelled, with_kwargs=True)
            model.term_check = check  # read by word_alignment.find_alignment
            try:
                # openai-whisper falls back to sampling at higher temperatures when a greedy
                # decode looks wrong; a fixed seed (on a forked RNG, so nothing else is
                # touched) makes the same audio always give the same words
                import torch

                devices = [torch.cuda.current_device()] if choice.device == "cuda" else []
                if choice.device == "cpu":
                    # the count is kept per thread: set it in the one that decodes
                    torch.set_num_threads(self.threads)
                with torch.random.fork_rng(devices=devices):
                    torch.manual_seed(DECODE_SEED)
                    result = self._whisper.transcribe(
                        model, audio, language="en", task="transcribe", fp16=choice.fp16,
                        word_timestamps=True, initial_prompt=prompt, clip_timestamps=flat,
                        condition_on_previous_text=True, verbose=None, **opts)
            finally:
                model.term_check = None
                if hook is not None:
                    hook.remove()
        log.debug("decoded %.1f s in %.2f s", len(audio) / SAMPLE_RATE, time.perf_counter() - t0)
        out = []
        for raw in result["segments"]:
            if not guards.keep_raw_segment(raw, self.guard_params):
                continue
            words = tuple(
                Word(str(w["word"]).strip(), round(float(w["start"]) + offset_s, 3),
                     round(float(w["end"]) + offset_s, 3), round(float(w["probability"]), 4))
                for w in raw.get("words") or () if str(w["word"]).strip())
            text = str(raw["text"]).strip()
            if check is not None and words:
                # terms may have been written into the words (term_check): the text follows
                text = "".join(str(w["word"]) for w in raw["words"]).strip()
            if not text:
                continue
            out.append(Segment(text, round(float(raw["start"]) + offset_s, 3),
                               round(float(raw["end"]) + offset_s, 3), words))
        return out


DECODE_SEED = 20261129  # any fixed value: reproducible sampling in the temperature fallback


def plan_windows(spans: Sequence[tuple[float, float]], duration: float,
                 window_s: float) -> list[list[tuple[float, float]]]:
    """Group voiced clips (padded, merged over gaps < 2 s) into windows of at most ``window_s``
    seconds, cutting only between clips. A single clip longer than a window is split."""
    clips = vad.merge_spans(spans, _SKIP_GAP_S, _PAD_S, duration)
    pieces: list[tuple[float, float]] = []
    for a0, b in clips:
        a = a0
        while b - a > window_s:
            pieces.append((a, a + window_s))
            a += window_s
        pieces.append((a, b))
    windows: list[list[tuple[float, float]]] = []
    for a, b in pieces:
        if windows and b - windows[-1][0][0] <= window_s:
            windows[-1].append((a, b))
        else:
            windows.append([(a, b)])
    return windows


def avoid_per_shape_attention_plans(torch: Any) -> None:
    """Turn off cuDNN's attention kernel for this process.

    cuDNN builds a plan for every new key length, and whisper's decoder grows its key/value cache
    by one token per step: on an H100 (torch 2.11, cuDNN attention on by default) the first
    answer took 20-23 s instead of 2.3 s, every later one 2.3 s. The flash and memory-efficient
    kernels torch falls back to need no per-shape plans (measured first answer: 2.30 s).
    """
    enable = getattr(getattr(torch.backends, "cuda", None), "enable_cudnn_sdp", None)
    if enable is not None:
        enable(False)


def _builtin_heads(name: str, dims: Any) -> bytes | None:
    import whisper

    table: dict[str, bytes] = whisper._ALIGNMENT_HEADS
    heads = table.get(name)
    if heads is None:
        return None
    try:
        import base64
        import gzip

        n = len(gzip.decompress(base64.b85decode(heads)))
    except ValueError:
        return None
    return heads if n == dims.n_text_layer * dims.n_text_head else None
