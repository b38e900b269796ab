"""Choosing where Whisper runs: CUDA (fp16) when there is one, else CPU (fp32).

Apple MPS is used only if a tiny operation really works there. The choice carries a plain
reason so the app can show why ("CPU: torch has no CUDA").
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from interviewer.core.errors import InputError

log = logging.getLogger(__name__)

DEVICES = ("auto", "cpu", "cuda", "mps")


@dataclass(frozen=True)
class DeviceChoice:
    device: str  # "cpu" | "cuda" | "mps"
    fp16: bool
    reason: str


def _mps_works(torch: Any) -> bool:
    backend = getattr(torch.backends, "mps", None)
    if backend is None or not backend.is_available():
        return False
    try:
        x = torch.ones(4, device="mps")
        return bool(float((x * 2).sum().cpu()) == 8.0)
    except Exception:  # an MPS build that fails at run time: fall back to CPU
        log.info("MPS is reported but a test operation failed", exc_info=True)
        return False


def choose_device(requested: str = "auto", torch: Any = None) -> DeviceChoice:
    """Pick the device. ``torch`` is injectable for tests; by default the real module.

    Asking for CUDA (or MPS) where it is missing falls back to the CPU with a reason saying
    so: a settings file copied from another machine must not stop transcription.
    """
    requested = (requested or "auto").lower()
    if requested not in DEVICES:
        raise InputError(f"Unknown device {requested!r}; use one of: auto, cpu, cuda.")
    if torch is None:
        import torch as torch_module

        torch = torch_module
    if requested == "cpu":
        return DeviceChoice("cpu", False, "CPU: forced in settings")
    if requested in ("auto", "cuda"):
        if torch.cuda.is_available():
            try:
                name = str(torch.cuda.get_device_name(0))
            except Exception:
                name = "GPU"
            return DeviceChoice("cuda", True, f"CUDA: {name}")
        if requested == "cuda":
            why = "torch has no CUDA" if getattr(torch.version, "cuda", None) is None \
                else "no CUDA GPU found"
            return DeviceChoice("cpu", False, f"CPU: CUDA requested but {why}")
    if requested in ("auto", "mps") and _mps_works(torch):
        return DeviceChoice("mps", False, "MPS: Apple GPU")
    if requested == "mps":
        return DeviceChoice("cpu", False, "CPU: MPS requested but it does not work here")
    if getattr(torch.version, "cuda", None) is None:
        return DeviceChoice("cpu", False, "CPU: torch has no CUDA")
    return DeviceChoice("cpu", False, "CPU: no CUDA GPU found")
