"""Python's cycle collector, run only in the GUI thread.

Left automatic, a collection runs in whichever thread happens to allocate: a worker then
destroys Qt objects that belong to the GUI thread (a crash), and a full pass over the torch /
whisper heap holds the GIL for 100-180 ms (measured) while the window waits. So the app turns
automatic collection off and collects from a GUI-thread timer, generation by generation, the
way the thresholds would have; :func:`settle_heap` (called once the model is loaded) collects
everything once and freezes the survivors so later full passes stay short.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)

INTERVAL_MS = 1000


class GuiGarbageCollector(QObject):
    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        gc.disable()
        self.timer.start()

    def stop(self) -> None:
        """Stop the timer and turn automatic collection back on. A collector released *after*
        this can deadlock: its destructor holds a Qt signal-slot lock while PySide allocates,
        and an automatic collection started there may destroy other Qt objects that wait on
        the same lock. Release it first, or use :func:`collecting_in_gui_thread`."""
        self.timer.stop()
        gc.enable()

    def check(self) -> None:
        """Collect the generations whose counts passed their thresholds (GUI thread only)."""
        c0, c1, c2 = gc.get_count()
        t0, t1, t2 = self.threshold
        if c0 > t0:
            gc.collect(0)
            if c1 > t1:
                gc.collect(1)
                if c2 > t2:
                    gc.collect(2)


@contextmanager
def collecting_in_gui_thread(interval_ms: int = INTERVAL_MS) -> Iterator[None]:
    """Automatic collection off and a :class:`GuiGarbageCollector` running for the block; at
    the end the collector is released while automatic collection is still off (see
    :meth:`GuiGarbageCollector.stop`), then everything is collected here, where no Qt
    destructor runs, and automatic collection comes back on."""
    collector = GuiGarbageCollector(interval_ms=interval_ms)
    collector.start()
    try:
        yield
    finally:
        collector.timer.stop()
        del collector
        gc.collect()
        gc.enable()


def settle_heap() -> None:
    """One full collection now (GUI thread, once the model is loaded), then keep the survivors
    out of later ones."""
    gc.collect()
    gc.freeze()
