"""The coach's report from the store: a mock session against earlier ones, recent practice."""

from __future__ import annotations

from pathlib import Path

from interviewer.storage.coaching_data import recent_coach_report, session_coach_report
from interviewer.storage.store import AttemptStore
from tests.storage.helpers import fake_score, make_question, timed_transcript, write_wav


def _answer(store: AttemptStore, session_id: str | None, overall: int) -> str:
    q = make_question("q01")
    draft = store.begin_attempt(q, session_id, {})
    write_wav(draft.audio_path, 0.2)
    t = timed_transcript("dropout closes the validation gap")
    score = fake_score(t, q)
    score["overall"] = overall
    store.complete_attempt(draft.attempt_id, t, score, model="f", device="cpu",
                           duration_s=0.2)
    return draft.attempt_id


def test_a_mock_session_is_compared_with_earlier_mock_sessions(tmp_path: Path) -> None:
    with AttemptStore.open(tmp_path / "d") as store:
        for overall in (40, 60):
            s = store.start_session("mock", title="old", planned=1)
            _answer(store, s.session_id, overall)
        _answer(store, None, 99)  # practice answers are not mock sessions
        now = store.start_session("mock", title="now", planned=2)
        _answer(store, now.session_id, 70)
        _answer(store, now.session_id, 80)
        report = session_coach_report(store, now.session_id)
        assert report.mean_overall == 75.0
        assert report.previous == (60.0, 40.0)  # most recent first
        assert report.trend == ("Mean score 75, up 25 from 50 (the mean of your last 2 "
                                "sessions).")


def test_recent_practice_answers_against_the_ones_before(tmp_path: Path) -> None:
    with AttemptStore.open(tmp_path / "d") as store:
        ids = [_answer(store, None, 10 * (i % 10)) for i in range(13)]
        report, records = recent_coach_report(store, ids[11], count=5)
        assert [r.attempt_id for r in records] == ids[7:12]  # oldest first, up to the chosen
        assert report.previous == (sum(10 * (i % 10) for i in range(2, 7)) / 5,)
        assert "the answers before these" in report.trend
