"""A recording left behind by a crash is repaired at start, then transcribed and scored once the
model is ready (real store, repair and scorer; fake engine)."""

from __future__ import annotations

from typing import Any

import numpy as np
import soundfile as sf

from interviewer.gui.recovery import repair_at_start


def test_crash_leftover_is_recovered_and_scored(qtbot: Any, fake_services: Any,
                                                make_window: Any) -> None:
    store = fake_services.store
    question = fake_services.question("q05")
    draft = store.begin_attempt(question)  # the sidecar says "recording": then the app died
    t = np.arange(16000 * 3) / 16000
    sf.write(str(draft.audio_path), (0.2 * np.sin(2 * np.pi * 200 * t)).astype("float32"),
             16000, subtype="PCM_16")
    notice = repair_at_start(fake_services)
    assert notice.startswith("1 recording(s) from last time were recovered")
    assert store.load_attempt(draft.attempt_id).status == "recovered"
    window = make_window(fake_services)
    window.show()
    with qtbot.waitSignal(window.retrier.finished, timeout=10_000) as done:
        window.after_shown()
    assert done.args == [1]
    record = store.load_attempt(draft.attempt_id)
    assert record.status == "recovered" and record.score is not None
    assert {c["id"] for c in record.score["concepts"] if c["status"] == "hit"} >= {"dropout"}
    window.tabs.setCurrentWidget(window.history)
    assert window.history.select(draft.attempt_id)
    assert "recovered" in window.history.feedback.when.text()
