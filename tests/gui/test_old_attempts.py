"""An attempt stored before follow-ups and the voice existed opens, replays and re-scores."""

from __future__ import annotations

from typing import Any

import numpy as np
import soundfile as sf
from PySide6.QtCore import Qt

from interviewer.core.scoring import score_answer
from tests.gui.fakes import timed_transcript


def test_an_old_attempt_opens_replays_and_rescores(qtbot: Any, fake_services: Any,
                                                   make_window: Any) -> None:
    store = fake_services.store
    q = fake_services.question("q05")
    draft = store.begin_attempt(q, None, {})
    sf.write(str(draft.audio_path), np.zeros(16000, dtype="float32"), 16000)
    transcript = timed_transcript()
    old = score_answer(transcript, question=q).to_dict()
    for key in ("follow_up", "voice"):  # what a score saved by the previous version lacks
        del old[key]
    old["scorer_version"] = old["rubric_version"] = "1.0"
    store.complete_attempt(draft.attempt_id, transcript, old, model="tiny.en", device="cpu",
                           duration_s=1.0, scorer_version="1.0")
    sidecar = store.load_attempt(draft.attempt_id)
    assert "follow_up" not in sidecar.raw and sidecar.follow_up is None
    window = make_window(fake_services)
    window.show()
    window.after_shown()
    qtbot.waitUntil(lambda: window.model.ready, timeout=5000)
    window.tabs.setCurrentWidget(window.history)
    history = window.history
    assert history.select(draft.attempt_id)
    feedback = history.feedback
    assert feedback.overall.text() == f"{old['overall']} / 100"
    assert feedback.voice.isHidden() and feedback.follow_up.isHidden()
    qtbot.mouseClick(feedback.replay.button, Qt.MouseButton.LeftButton)
    assert fake_services.player.played[-1][0] == draft.audio_path
    with qtbot.waitSignal(history.rescore.done, timeout=10_000) as rescored:
        history.start_rescore()
    assert rescored.args[0]["rescored"] == [draft.attempt_id]
    record = store.load_attempt(draft.attempt_id)
    assert record.score is not None and record.score["follow_up"] is not None
    assert record.score_history[0]["score"]["overall"] == old["overall"]


def test_a_rescore_before_the_model_loads_still_scores_by_meaning(
        qtbot: Any, fake_services: Any, make_window: Any, sentence_encoder: Any) -> None:
    store = fake_services.store
    q = fake_services.question("q05")
    draft = store.begin_attempt(q, None, {})
    sf.write(str(draft.audio_path), np.zeros(16000, dtype="float32"), 16000)
    transcript = timed_transcript()
    store.complete_attempt(draft.attempt_id, transcript, score_answer(transcript, question=q),
                           model="tiny.en", device="cpu", duration_s=1.0)
    assert any("word rules only" in n for n in store.load_attempt(draft.attempt_id).score["notes"])
    loads: list[int] = []

    def load() -> tuple[Any, None]:
        loads.append(1)
        return sentence_encoder, None

    fake_services.encoder = None  # the model-load worker has not got to it yet
    fake_services.load_encoder = load
    window = make_window(fake_services)
    window.show()
    history = window.history
    with qtbot.waitSignal(history.rescore.done, timeout=60_000):
        history.rescore.start()
    assert loads == [1]
    notes = store.load_attempt(draft.attempt_id).score["notes"]
    assert not any("word rules only" in n for n in notes), notes
