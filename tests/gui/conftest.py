"""GUI test guard rails and builders.

- Every test fails if it leaves a task thread running (``interviewer.gui.workers``).
- Cycle collection runs only in the GUI thread, as in the app.
- ``fake_services``: real bank, scoring and store in the test's own ``app_paths``, with fake
  engine/recorder/player/speaker (unit-level widget tests only).
- ``make_window``: builds a MainWindow and shuts it down (workers joined) after the test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf

from interviewer.core.bank import load_bundled_bank
from interviewer.core.scoring import score_answer
from interviewer.gui import workers
from interviewer.gui.services import Services
from interviewer.paths import AppPaths
from interviewer.settings import Settings
from interviewer.storage.store import AttemptStore
from tests.gui.fakes import FakeEngine, FakePlayer, FakeRecorder, FakeSpeaker


@pytest.fixture(autouse=True)
def collect_garbage_in_the_gui_thread(qapp: Any) -> Iterator[None]:
    """As the app does (application.run): no cycle collection in worker threads, where it
    would destroy Qt objects of earlier tests. Per test, so other areas keep automatic GC."""
    from interviewer.gui.gc_guard import collecting_in_gui_thread

    # its end releases the collector before automatic collection is back on: the other order
    # hung this teardown (a collection inside the collector's Qt destructor)
    with collecting_in_gui_thread(interval_ms=200):
        yield


@pytest.fixture(autouse=True)
def no_task_thread_left() -> Iterator[None]:
    yield
    left = workers.running_threads()
    if left:
        for thread in list(workers._STARTED):  # clean up so later tests are not affected
            thread.quit()
            thread.wait(10_000)
        pytest.fail(f"the test left task threads running: {left}")


@pytest.fixture
def settings() -> Settings:
    return Settings(think_time_s=0, read_aloud=False, first_run_done=True, answer_limit_s=60)


@pytest.fixture
def fake_services(app_paths: AppPaths, settings: Settings, tmp_path: Path) -> Iterator[Services]:
    wav = tmp_path / "question.wav"
    sf.write(str(wav), np.zeros(1600, dtype="float32"), 16000)
    engine = FakeEngine()
    store = AttemptStore.open(app_paths.data_dir)
    services = Services(
        paths=app_paths, settings=settings, banks=[load_bundled_bank()], store=store,
        engine=engine, recorder=FakeRecorder(), player=FakePlayer(), speaker=FakeSpeaker(wav),
        score=score_answer,
        transcribe_file=lambda e, p, v: e.transcribe(None, vocabulary=v),
        make_engine=lambda s: FakeEngine())
    yield services
    if services.store is not None:
        services.store.close()


@pytest.fixture
def make_window(qtbot: Any) -> Iterator[Callable[[Services], Any]]:
    from interviewer.gui.main_window import MainWindow

    made: list[MainWindow] = []

    def make(services: Services) -> MainWindow:
        window = MainWindow(services)
        qtbot.addWidget(window)
        made.append(window)
        return window

    yield make
    for window in made:
        window.shutdown()
