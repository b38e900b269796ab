"""Fake engines, catalogue and clock for measuring tests: decoding "takes" ``rtf`` x the audio's
length on a clock that only moves when they say so (beam search 2.5 times longer)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from interviewer.core.transcript import Segment
from interviewer.speech.catalogue import ModelState, ModelStatus
from interviewer.speech.config import EngineConfig
from interviewer.speech.device import DeviceChoice
from interviewer.speech.measure_clip import SAMPLE_RATE, MeasureClip
from interviewer.speech.model_figures import RssProbe

CLIP_TEXT = "he was not an ill disposed young man"


def fake_clip(seconds: float = 10.0) -> MeasureClip:
    return MeasureClip(np.zeros(int(seconds * SAMPLE_RATE), dtype=np.float32), CLIP_TEXT)


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class OutOfMemoryError(RuntimeError):
    """Named like torch.cuda.OutOfMemoryError."""


class FakeEngine:
    def __init__(self, name: str, device: str, clock: FakeClock, rtf: float, *,
                 fail: BaseException | None = None, text: str = CLIP_TEXT) -> None:
        self.config = EngineConfig(model=name, device=device)
        self.model_name = name
        resolved = "cuda" if device == "cuda" else "cpu"  # as choose_device() on a CPU machine
        self.device_choice = DeviceChoice(resolved, resolved == "cuda", "test")
        self.clock = clock
        self.rtf = rtf
        self.fail = fail
        self.text = text
        self.calls: list[dict[str, Any]] = []
        self.forgotten = 0  # forget_encodings() calls

    def load(self, progress: Any = None) -> None:
        if self.fail is not None:
            raise self.fail
        self.clock.now += 0.5

    def warm_up(self) -> float:
        self.clock.now += 0.25
        return 0.25

    def forget_encodings(self) -> None:
        self.forgotten += 1

    def transcribe_clips(self, audio: Any, clips: Any, *, prompt: str | None = None,
                         filler: bool | None = None, quick: bool = False) -> list[Segment]:
        seconds = clips[-1][1] - clips[0][0]
        beam = 2.5 if self.config.beam_size and not quick else 1.0
        self.clock.now += self.rtf * seconds * beam
        self.calls.append({"seconds": seconds, "prompt": prompt, "filler": filler,
                           "quick": quick, "beam": self.config.beam_size})
        return [Segment(self.text, 0.0, seconds)]


@dataclass
class FakeCatalogue:
    states: dict[str, ModelState]

    def statuses(self) -> list[ModelStatus]:
        return [ModelStatus(n, s, None, "test") for n, s in self.states.items()]


@dataclass
class EngineMaker:
    """``make_engine(name, device)`` for a Recommender: speeds by model (and device)."""

    clock: FakeClock
    rtf: dict[str, float]
    fail: dict[str, BaseException] = field(default_factory=dict)
    made: list[tuple[str, str]] = field(default_factory=list)

    def __call__(self, name: str, device: str) -> FakeEngine:
        self.made.append((name, device))
        err = self.fail.get(f"{name}@{device}") or self.fail.get(name)
        rtf = self.rtf.get(f"{name}@{device}", self.rtf.get(name, 0.1))
        return FakeEngine(name, device, self.clock, rtf, fail=err)


def recommender(tmp: Path, states: dict[str, ModelState], rtf: dict[str, float], *,
                fail: dict[str, BaseException] | None = None, gpu_gb: float | None = None,
                device: str = "auto", fillers: bool = True) -> tuple[Any, EngineMaker]:
    from interviewer.speech.recommend import Recommender

    clock = FakeClock()
    maker = EngineMaker(clock, rtf, fail or {})
    rec = Recommender(FakeCatalogue(states), maker, tmp / "config" / "rec.json",  # type: ignore[arg-type]
                      fillers=fillers, device=device, load_clip=fake_clip,
                      gpu_info=lambda _d: gpu_gb, clock=clock,
                      memory_probe=lambda _device: RssProbe())
    return rec, maker
