"""The speech model's state in the window: loads it in a worker and says where it stands."""

from __future__ import annotations

import logging
import time
from typing import Any

from PySide6.QtCore import QObject, Signal

from interviewer.gui.gc_guard import settle_heap
from interviewer.gui.services import MEANING, MODEL, Services
from interviewer.gui.warmup import warm_encoder, warm_up
from interviewer.gui.workers import TaskContext, TaskHandle, TaskRunner

log = logging.getLogger(__name__)

NOT_LOADED = "not loaded"
LOADING = "loading"
READY = "ready"
FAILED = "failed"


class ModelState(QObject):
    """``changed(state, message)`` fires in the GUI thread whenever the state moves."""

    changed = Signal(str, str)
    progress = Signal(float, str)  # while loading: fraction (0..1) and what is happening

    def __init__(self, services: Services, tasks: TaskRunner, parent: QObject | None = None):
        super().__init__(parent)
        self._services = services
        self._tasks = tasks
        self.state = NOT_LOADED
        self.message = ""
        self.device_reason = ""
        self.load_s: float | None = None
        self._handle: TaskHandle | None = None
        if services.engine is None:
            self._set(FAILED, services.problem(MODEL) or "The speech model is not available.")

    @property
    def ready(self) -> bool:
        return self.state == READY

    @property
    def handle(self) -> TaskHandle | None:
        return self._handle

    def _set(self, state: str, message: str) -> None:
        self.state, self.message = state, message
        self.changed.emit(state, message)

    def load(self) -> TaskHandle | None:
        """Start loading (no-op when loading or loaded)."""
        engine = self._services.engine
        if engine is None or self.state in (LOADING, READY):
            return self._handle
        known = self._services.problem(MODEL)
        if known:  # the model is not on this computer: say so, do not try
            self._set(FAILED, known)
            return None
        name = getattr(getattr(engine, "config", None), "model", "") or "speech"
        self._set(LOADING, f"Loading the {name} model…")

        def work(ctx: TaskContext) -> dict[str, Any]:
            t0 = time.perf_counter()
            engine.load(progress=lambda f: ctx.progress(0.8 * f, "Preparing the model…"))
            ctx.progress(0.8, "Warming up the speech model…")
            warm_up(engine)
            encoder, why = None, None
            if self._services.load_encoder is not None and self._services.encoder is None:
                ctx.progress(0.9, "Loading the sentence-meaning model…")
                encoder, why = self._services.load_encoder()
                if encoder is not None:
                    warm_encoder(encoder)
            choice = getattr(engine, "device_choice", None)
            return {"elapsed": time.perf_counter() - t0,
                    "device": getattr(choice, "device", ""),
                    "reason": getattr(choice, "reason", ""),
                    "encoder": encoder, "encoder_problem": why}

        self._handle = self._tasks.start("loading the speech model", work)
        self._handle.finished.connect(self._loaded)
        self._handle.progress.connect(self.progress)
        self._handle.error.connect(self._failed)
        return self._handle

    def _loaded(self, info: dict[str, Any]) -> None:
        settle_heap()  # here, in the GUI thread: a collection may delete Qt objects
        self.load_s = float(info["elapsed"])
        self.device_reason = str(info["reason"])
        self._services.problems.pop(MODEL, None)
        if info.get("encoder") is not None:
            self._services.encoder = info["encoder"]
            self._services.problems.pop(MEANING, None)
        elif info.get("encoder_problem"):
            self._services.problems[MEANING] = str(info["encoder_problem"])
            self._services.notices.append(str(info["encoder_problem"]))
        where = f" on {info['reason']}" if info["reason"] else ""
        log.info("model loaded in %.1f s%s", self.load_s, where)
        self._set(READY, f"Speech model ready{where}.")

    def _failed(self, message: str) -> None:
        self._services.problems[MODEL] = message
        self._set(FAILED, message)

    def replace_engine(self, engine: Any) -> TaskHandle | None:
        """Use a new engine (settings changed) and load it."""
        self._services.engine = engine
        self._services.problems.pop(MODEL, None)
        self.state = NOT_LOADED
        return self.load()
